namespace PromoServerless.Functions.Automation;

/// <summary>The stage-trigger orchestration and activity, by the names the Durable runtime knows them.</summary>
public static class StageTriggerNames
{
    /// <summary>Orchestrator; input <see cref="StageWindowRef"/>, instance id <see cref="InstanceId"/>; output the batch id or null.</summary>
    public const string StageTriggerWindow = nameof(StageTriggerWindow);

    /// <summary>Activity; input <see cref="StageWindowRef"/>, output the id of the batch holding the window's members, or null when none wait.</summary>
    public const string CloseStageTriggerWindow = nameof(CloseStageTriggerWindow);

    public static string InstanceId(string windowId) => "stagewindow-" + windowId;
}

/// <summary>One window of one offer's trigger; <see cref="WindowId"/> becomes the id of the batch it starts.</summary>
public sealed record StageWindowRef(string BrandId, string OfferId, string TriggerKey, string WindowId, TimeSpan Wait);
