using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class SalesFiguresTests
{
    [Fact]
    public void Of_APendingConversion_ShouldCountTheOrderItsSaleAndPendingCommission()
    {
        var figures = SalesFigures.Of(Converted(Order(200m), CpaCps(5m, 10m)));

        Assert.Equal((1, 1, 200m, 25m, 0m), (figures.Orders, figures.Units, figures.Sales, figures.CommissionPending, figures.CommissionApproved));
    }

    [Fact]
    public void Of_ARejectedConversion_ShouldCountOnlyTheRejection()
    {
        var figures = SalesFigures.Of(Converted(Order(200m), Cps(10m)).Cancel(Placed));

        Assert.Equal((0, 1, 0m, 0m), (figures.Orders, figures.Rejected, figures.Sales, figures.Commission));
    }

    [Fact]
    public void Differences_AddedUp_ShouldEqualTheFiguresOfTheFinalConversions()
    {
        // Figures are kept as after-minus-before of each change; summing the changes must give a recomputation.
        var steps = new List<Conversion?> { null };
        var conversion = Converted(Order(200m), CpaCps(5m, 10m));
        steps.Add(conversion);
        steps.Add(conversion = conversion.ApplyRefund("r1", Usd(50m), Placed));
        steps.Add(conversion = conversion.Approve());
        steps.Add(conversion = conversion.MarkPaid());
        steps.Add(conversion = conversion.ApplyRefund("r2", Usd(150m), Placed));

        var kept = steps.Zip(steps.Skip(1)).Aggregate(SalesFigures.Empty, (sum, pair) => sum + (SalesFigures.Of(pair.Second) - SalesFigures.Of(pair.First)));

        Assert.Equal(SalesFigures.Of(conversion), kept);
        Assert.Equal(20m, kept.CommissionPaid);
        Assert.Equal(-20m, kept.Adjustments);
        Assert.Equal(0m, kept.Commission);
        Assert.Equal(200m, kept.Refunded);
    }

    [Fact]
    public void Add_WhenCurrenciesDiffer_ShouldThrow()
    {
        var usd = SalesFigures.Of(Converted(Order(10m), Cps(10m)));
        var eur = usd with { Currency = "EUR" };

        Assert.Throws<InvalidOperationException>(() => usd + eur);
    }

    [Fact]
    public void Dashboard_ShouldRankMembersByCommissionAndSpreadOrdersOverMembersWithCodes()
    {
        var jane = SalesFigures.Of(Converted(Order(300m), Cps(10m)));
        var omar = SalesFigures.Of(Converted(Order(100m, ["OMAR10"]), Cps(10m)));

        var dashboard = OfferDashboard.From(Offer, membersWithCodes: 4, activeCodes: 4, jane + omar, [new MemberFigures(Omar, omar), new MemberFigures(Jane, jane)]);

        Assert.Equal([Jane, Omar], dashboard.TopMembers.Select(m => m.MemberId));
        Assert.Equal(0.5m, dashboard.ConversionsPerMember);
        Assert.Equal(200m, dashboard.Totals.AverageOrderValue);
    }
}
