using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.TestStack;

namespace PromoServerless.LocalRun;

/// <summary>
/// The workflow part of the demo: an offer whose stage trigger gives members a code when they reach "contracted" in a
/// project, two members moved there, and their codes and emails arriving without anyone clicking Generate.
/// </summary>
public static class StageDemo
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static async Task RunAsync(HttpClient client, Uri mailDevUri, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("9. Codes from the project workflow: a stage trigger on \"contracted\", two members moved there");
        var project = await SendAsync<Created>(client, HttpMethod.Post, "api/v1/projects", new { name = "Autumn ambassadors" }, cancellationToken);
        var people = new[] { ("Maya", "Chen"), ("Leo", "Fischer") };
        var addresses = people.Select(p => $"{p.Item1.ToLowerInvariant()}.{Guid.NewGuid():N}@creators.example").ToArray();
        var import = await SendAsync<Import>(client, HttpMethod.Post, $"api/v1/members/import?projectId={project.Id}",
            people.Select((p, i) => new { name = $"{p.Item1} {p.Item2}", firstName = p.Item1, lastName = p.Item2, email = addresses[i] }).ToArray(), cancellationToken);
        var memberIds = import.Rows.Select(r => r.MemberId!).ToArray();
        var offer = await SendAsync<Created>(client, HttpMethod.Post, "api/v1/offers", new
        {
            name = "Autumn ambassadors 15%",
            groupName = "Autumn ambassadors",
            payoutOptions = new[] { new { label = "Ambassador", type = "CPS", percent = 12m, isDefault = true } },
            discount = new { type = "percentage", value = 15 },
            stageTriggers = new[] { new { projectId = project.Id, stage = "contracted", endAfterDays = 90, sendEmail = true } },
            notifications = new { codeRenamed = true, codeDeactivated = true, codeReactivated = true, codeDatesChanged = true },
        }, cancellationToken);
        Console.WriteLine($"   offer {offer.Id}: members of project {project.Id} reaching \"contracted\" get a code for 90 days, emailed");

        await SendAsync<JsonElement>(client, HttpMethod.Post, $"api/v1/projects/{project.Id}/members", memberIds.Select(m => new { memberId = m, stage = "contracted" }).ToArray(), cancellationToken);
        Console.WriteLine("   moved Maya Chen and Leo Fischer to contracted; waiting for the trigger's window and generation…");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        IReadOnlyList<CodeAnswer> codes;
        do
        {
            await Task.Delay(500, cancellationToken);
            codes = (await SendAsync<Page<CodeAnswer>>(client, HttpMethod.Get, $"api/v1/offers/{offer.Id}/codes", null, cancellationToken)).Items;
        }
        while ((codes.Count < memberIds.Length || codes.Any(c => c.Status == "pending")) && DateTime.UtcNow < deadline);

        foreach (var code in codes)
        {
            Console.WriteLine($"   {code.Code,-12} {code.Status,-9} {code.StartsAt:yyyy-MM-dd} → {code.EndsAt:yyyy-MM-dd}  payout {code.PayoutOption}");
        }

        using var mail = new MailDevClient(mailDevUri);
        foreach (var address in addresses)
        {
            var email = (await mail.WaitForAsync(address, 1, TimeSpan.FromSeconds(60), cancellationToken))[0];
            Console.WriteLine($"   {address,-34} {email.Subject}");
        }
    }

    private static async Task<T> SendAsync<T>(HttpClient client, HttpMethod method, string url, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {url}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }
}
