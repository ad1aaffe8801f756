namespace PromoServerless.Domain.Common;

/// <summary>An amount in a shop's currency (ISO 4217 code). Arithmetic never mixes currencies.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    /// <summary>Rounds to the currency's minor unit (cents, whole yen, fils), half to even, as money is rounded once at the end.</summary>
    public Money Round() => this with { Amount = Math.Round(Amount, CurrencyUnits.MinorDigits(Currency), MidpointRounding.ToEven) };

    public Money Times(decimal factor) => this with { Amount = Amount * factor };

    public static Money Max(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left.Amount >= right.Amount ? left : right;
    }

    public bool IsZero => Amount == 0m;

    public override string ToString() => $"{Amount:0.00} {Currency}";

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
        }
    }
}
