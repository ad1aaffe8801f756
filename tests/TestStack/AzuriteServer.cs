namespace PromoServerless.TestStack;

/// <summary>Azurite (Tables, Queues, Blobs) in memory on free loopback ports.</summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    // The well-known development account Azurite ships with; not a secret.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly NodeServiceProcess _process;

    private AzuriteServer(NodeServiceProcess process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public int ProcessId => _process.ProcessId;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <param name="dataFolder">Keep data in this folder across runs; null keeps it in memory.</param>
    /// <param name="firstPort">Use this port and the next two (blob, queue, table); null picks free ports.</param>
    public static async Task<AzuriteServer> StartAsync(string? dataFolder = null, int? firstPort = null)
    {
        var (blob, queue, table) = firstPort is { } p ? (p, p + 1, p + 2) : (FreePort.Next(), FreePort.Next(), FreePort.Next());
        string[] persistence = dataFolder is null ? ["--inMemoryPersistence"] : ["--location", dataFolder];
        var process = await NodeServiceProcess.StartAsync(
            "azurite",
            [
                .. persistence, "--skipApiVersionCheck", "--silent", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ],
            [blob, queue, table]);
        return new AzuriteServer(process, blob, queue, table);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
