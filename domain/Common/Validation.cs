namespace PromoServerless.Domain.Common;

/// <summary>One invalid input field. <see cref="Field"/> is the JSON path a client sent, e.g. <c>payoutOptions[1].percent</c>.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The outcome of validating input: the value when valid, else every field error found.</summary>
public sealed class Validated<T>
{
    private readonly T? _value;

    private Validated(T? value, IReadOnlyList<FieldError> errors)
    {
        _value = value;
        Errors = errors;
    }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public T Value => IsValid ? _value! : throw new InvalidOperationException("The input is not valid; read Errors instead.");

    public static Validated<T> Ok(T value) => new(value, []);

    public static Validated<T> Fail(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(default, errors);

    public static Validated<T> Fail(string field, string message) => Fail([new FieldError(field, message)]);
}

/// <summary>Collects field errors while a validator walks an input.</summary>
public sealed class ErrorCollector
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    /// <summary>Adds errors found under a nested field, prefixing their paths with <paramref name="prefix"/>.</summary>
    public void AddNested(string prefix, IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            _errors.Add(error with { Field = $"{prefix}.{error.Field}" });
        }
    }

    public Validated<T> ToResult<T>(Func<T> build) => HasErrors ? Validated<T>.Fail(_errors.ToArray()) : Validated<T>.Ok(build());
}
