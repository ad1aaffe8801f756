namespace PromoServerless.Functions.Emails;

/// <summary>How the email orchestration paces a send, section <c>Email:Send</c>. The rates themselves are <c>Email:Smtp:MaxPerMinute</c> and <c>MaxPerHour</c>.</summary>
public sealed class EmailSendOptions
{
    public const string SectionName = "Email:Send";

    /// <summary>Chunks of 100 recipients sent at once; they share the SMTP connections, so a few keep them busy while the others write their outcomes.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int ChunksPerWave { get; set; } = 10;

    /// <summary>Tries at a chunk; on the last one SMTP trouble is recorded as each remaining recipient's failure.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before a failed chunk's second try; it doubles each try after.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
