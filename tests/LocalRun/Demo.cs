using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PromoServerless.TestStack;

namespace PromoServerless.LocalRun;

/// <summary>
/// The product's main job, as a brand manager would drive it through the API: create the offer, import
/// members, see the codes they would get, generate them in Shopify while watching progress, email them.
/// </summary>
public sealed class Demo(Uri appUri, Uri mailDevUri, string shopDomain, string shopToken, string webhookSecret)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        using var operatorClient = Client(LocalStack.OperatorKey);
        Step("1. The operator creates a brand for the demo shop and issues it an API key");
        var brand = await PostAsync<Created>(operatorClient, "api/v1/brands", new
        {
            name = "Glow Cosmetics",
            shopDomain,
            shopifyAccessToken = shopToken,
            shopifyWebhookSecret = webhookSecret,
            currency = "USD",
            timeZone = "America/New_York",
            locale = "en-US",
            senderName = "Glow Cosmetics creators team",
        }, cancellationToken);
        var apiKey = (await PostAsync<IssuedKey>(operatorClient, $"api/v1/brands/{brand.Id}/api-keys", new { name = "demo" }, cancellationToken)).Key;
        Console.WriteLine($"   brand {brand.Id}, key {apiKey[..20]}… (shown once)");

        using var client = Client(apiKey);
        Step("2. Create the promo code offer: 10% off, CPA $5 + CPS 10%, codes like JOHN10");
        var offer = await PostAsync<Created>(client, "api/v1/offers", new
        {
            name = "Summer glow 2026",
            description = "Our summer campaign with creators",
            groupName = "Summer creators 10%",
            payoutOptions = new[] { new { label = "Standard", type = "CPA_CPS", flatAmount = 5m, percent = 10m, isDefault = true } },
            namingStrategy = new { preset = "firstNameDiscount" },
            discount = new { type = "percentage", value = 10 },
            restrictions = new { minimumSubtotal = 25m, oncePerCustomer = true },
            usageLimitPerCode = 500,
        }, cancellationToken);
        var offerId = offer.Id;
        Console.WriteLine($"   offer {offerId}");

        Step("3. Create a project and import its members from a CSV file");
        var projectId = (await PostAsync<Created>(client, "api/v1/projects", new { name = "Summer creators" }, cancellationToken)).Id;
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "sample-members.csv"), cancellationToken);
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var import = await ReadAsync<Import>(await client.PostAsync($"api/v1/members/import?projectId={projectId}", content, cancellationToken), cancellationToken);
        Console.WriteLine($"   created {import.Created} members, added {import.AddedToProject} to the project");

        await using var webhooks = await WebhookDemo.StartAsync(client, cancellationToken);

        Step("4. Members of the project with no code yet, and the code each would get");
        var eligible = (await ReadAsync<Page<EligibleMember>>(await client.GetAsync($"api/v1/offers/{offerId}/eligible-members?projectId={projectId}", cancellationToken), cancellationToken)).Items;
        foreach (var member in eligible)
        {
            Console.WriteLine($"   {member.Name,-22} → {member.Code}");
        }

        Step("5. Generate the codes in Shopify (and email them when done), watching progress");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/code-batches")
        {
            Content = JsonContent.Create(new { projectIds = new[] { projectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddDays(60), sendEmails = true }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var batchId = (await ReadAsync<BatchAccepted>(await client.SendAsync(request, cancellationToken), cancellationToken)).Batch.Id;
        Console.WriteLine($"   202 Accepted → /api/v1/code-batches/{batchId}");
        BatchProgress batch;
        do
        {
            await Task.Delay(300, cancellationToken);
            batch = (await ReadAsync<BatchDetail>(await client.GetAsync($"api/v1/code-batches/{batchId}", cancellationToken), cancellationToken)).Batch;
            Console.WriteLine($"   {batch.Status,-20} {batch.Percent,3}%  reserved {batch.Reserved}, created {batch.Created} of {batch.Total}");
        }
        while (batch.Status is "queued" or "running");

        Step("6. The members' codes, now live in Shopify");
        var codes = await ReadAsync<Page<CodeAnswer>>(await client.GetAsync($"api/v1/offers/{offerId}/codes", cancellationToken), cancellationToken);
        foreach (var code in codes.Items)
        {
            Console.WriteLine($"   {code.Code,-12} {code.Status}");
        }

        Step("7. Each member's email, sent when the generation completed, as MailDev received it");
        using var mail = new MailDevClient(mailDevUri);
        var addresses = eligible.Select(m => m.Email!).ToArray();
        foreach (var address in addresses)
        {
            var email = (await mail.WaitForAsync(address, 1, TimeSpan.FromSeconds(60), cancellationToken))[0];
            Console.WriteLine($"   {address,-34} {email.Subject}");
        }

        await webhooks.ShowAsync("code_batch.completed", cancellationToken);
        await StageDemo.RunAsync(client, mailDevUri, cancellationToken);
        return apiKey;
    }

    private HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = appUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string url, object body, CancellationToken cancellationToken) =>
        await ReadAsync<T>(await client.PostAsJsonAsync(url, body, cancellationToken), cancellationToken);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {text}");
        }

        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web) ?? throw new InvalidOperationException($"No answer from {response.RequestMessage?.RequestUri}.");
    }

    private static void Step(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
    }
}
