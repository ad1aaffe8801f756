using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Naming;

public class NamingPreviewTests
{
    [Fact]
    public void Run_WhenPresetAndSamples_ShouldProposeCodesInOrderWithBatchCollisions()
    {
        var request = new NamingPreviewRequest
        {
            NamingStrategy = new NamingStrategyDraft { Preset = "firstNameDiscount" },
            DiscountValue = 12.5m,
            Members = [new NamingPreviewMember { FirstName = "Zoë" }, new NamingPreviewMember { FirstName = "zoe" }, new NamingPreviewMember { LastName = "Only" }],
        };

        var items = NamingPreview.Run(request, new ScriptedRandom()).Value;

        Assert.Equal(["ZOE125", "ZOE125B", null], items.Select(i => i.Code));
        Assert.Equal([0, 1, 2], items.Select(i => i.Index));
        Assert.Equal(CodePlanStatus.Failed, items[2].Status);
    }

    [Fact]
    public void Run_WhenSampleHasTypedCode_ShouldCheckItLikeAnOverride()
    {
        var request = new NamingPreviewRequest
        {
            NamingStrategy = new NamingStrategyDraft { Preset = "handle" },
            Members = [new NamingPreviewMember { Handle = "ana", Code = "ana-vip" }],
        };

        var item = Assert.Single(NamingPreview.Run(request, new ScriptedRandom()).Value);

        Assert.Equal(CodePlanStatus.Failed, item.Status);
    }

    [Fact]
    public void Run_WhenPatternUsesDiscountWithoutValue_ShouldFailOnDiscountValue()
    {
        var request = new NamingPreviewRequest
        {
            NamingStrategy = new NamingStrategyDraft { Pattern = "{HANDLE}{DISCOUNT}" },
            Members = [new NamingPreviewMember { Handle = "ana" }],
        };

        Assert.Equal("discountValue", Assert.Single(NamingPreview.Run(request, new ScriptedRandom()).Errors).Field);
    }

    [Fact]
    public void Run_WhenEverythingMissing_ShouldReportStrategyAndMembersWithPaths()
    {
        var request = new NamingPreviewRequest { NamingStrategy = new NamingStrategyDraft { Pattern = "{NOPE}" }, Members = [] };

        var fields = NamingPreview.Run(request, new ScriptedRandom()).Errors.Select(e => e.Field);

        Assert.Equal(["namingStrategy.pattern", "members"], fields);
    }

    [Fact]
    public void Run_WhenTooManySamplesOrNullSample_ShouldFail()
    {
        var tooMany = new NamingPreviewRequest { Members = Enumerable.Repeat<NamingPreviewMember?>(new NamingPreviewMember { FirstName = "A" }, 51).ToArray() };
        var withNull = new NamingPreviewRequest { DiscountValue = 10, Members = [null] };

        Assert.Contains(NamingPreview.Run(tooMany, new ScriptedRandom()).Errors, e => e.Field == "members");
        Assert.Contains(NamingPreview.Run(withNull, new ScriptedRandom()).Errors, e => e.Field == "members[0]");
    }

    [Fact]
    public void Run_WhenPatternCannotFitMaxLength_ShouldFailOnMaxLength()
    {
        var request = new NamingPreviewRequest
        {
            NamingStrategy = new NamingStrategyDraft { Pattern = "SUMMERSALE{FIRSTNAME}", MaxLength = 10 },
            Members = [new NamingPreviewMember { FirstName = "Ann" }],
        };

        Assert.Equal("namingStrategy.maxLength", Assert.Single(NamingPreview.Run(request, new ScriptedRandom()).Errors).Field);
    }
}
