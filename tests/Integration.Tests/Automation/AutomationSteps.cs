using System.Net;
using System.Text.Json;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Automation;

public sealed record CodeRow(string MemberId, string Code, string Status, string BatchId, string? PayoutOption, DateTimeOffset StartsAt, DateTimeOffset? EndsAt);

public sealed record BatchRow(string Id, string Status, int Total, int Created, DateTimeOffset? CompletedAt);

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record MembershipItem(int Index, string? MemberId, string Outcome, string? Stage);

public sealed record MembershipAnswer(int Added, int Moved, int Unchanged, int Rejected, IReadOnlyList<MembershipItem> Items);

/// <summary>Steps of the stage-trigger flow as a brand takes them.</summary>
public static class AutomationSteps
{
    public static T Read<T>(this ApiAnswer answer) => answer.Body.Deserialize<T>(JsonSerializerOptions.Web)!;

    public static async Task<string> CreateProjectAsync(this TestBrand brand)
    {
        var project = await brand.Client.PostJsonAsync("api/v1/projects", new { name = "Creators " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, project.Status);
        return project.Id();
    }

    /// <summary>Imports <paramref name="count"/> members into the project (as invited) and answers their ids in order.</summary>
    public static async Task<string[]> ImportMembersAsync(this TestBrand brand, string projectId, int count, string namePrefix = "Creator")
    {
        var rows = Enumerable.Range(0, count)
            .Select(i => new { name = $"{namePrefix} {Letters(i)}", firstName = namePrefix + Letters(i), lastName = "Test", email = $"{namePrefix.ToLowerInvariant()}{i}.{Guid.NewGuid():N}@creators.test" })
            .ToArray();
        var import = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={projectId}", rows);
        Assert.True(import.Status == HttpStatusCode.OK, import.Body.ToString());
        return Members.MemberImportTests.MemberIds(import);
    }

    /// <summary>An offer whose members of <paramref name="projectId"/> get a code when they reach <paramref name="stage"/>.</summary>
    public static async Task<string> CreateTriggeredOfferAsync(this TestBrand brand, string projectId, string stage = "contracted", object? trigger = null, object? notifications = null)
    {
        var body = ApiCalls.OfferBody();
        body["stageTriggers"] = new[] { trigger ?? new { projectId, stage, endAfterDays = 30 } };
        if (notifications is not null)
        {
            body["notifications"] = notifications;
        }

        return (await brand.CreateOfferAsync(body)).Id();
    }

    public static async Task<MembershipAnswer> MoveAsync(this TestBrand brand, string projectId, IEnumerable<string> memberIds, string stage)
    {
        var answer = await brand.Client.PostJsonAsync($"api/v1/projects/{projectId}/members", memberIds.Select(m => new { memberId = m, stage }).ToArray());
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        return answer.Read<MembershipAnswer>();
    }

    public static async Task<List<CodeRow>> CodesAsync(this TestBrand brand, string offerId) =>
        await AllAsync<CodeRow>(brand, $"api/v1/offers/{offerId}/codes");

    public static async Task<List<BatchRow>> BatchesAsync(this TestBrand brand, string offerId) =>
        await AllAsync<BatchRow>(brand, $"api/v1/offers/{offerId}/code-batches");

    /// <summary>Polls the offer's codes until <paramref name="expected"/> exist and every batch has finished.</summary>
    public static async Task<List<CodeRow>> WaitForCodesAsync(this TestBrand brand, string offerId, int expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var codes = await brand.CodesAsync(offerId);
            var batches = await brand.BatchesAsync(offerId);
            if (codes.Count >= expected && batches.All(b => b.CompletedAt is not null))
            {
                return codes;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{codes.Count} of {expected} codes after the timeout; batches: {string.Join(", ", batches.Select(b => b.Status))}");
            await Task.Delay(250, ApiCalls.Ct);
        }
    }

    private static async Task<List<T>> AllAsync<T>(TestBrand brand, string url)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var page = await brand.Client.GetJsonAsync(token is null ? $"{url}?pageSize=1000" : $"{url}?pageSize=1000&continuationToken={Uri.EscapeDataString(token)}");
            Assert.True(page.Status == HttpStatusCode.OK, page.Body.ToString());
            var read = page.Read<Page<T>>();
            all.AddRange(read.Items);
            token = read.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    /// <summary>Letters for a number (0 → A, 26 → BA), so generated names and codes stay alphabetic and distinct.</summary>
    private static string Letters(int n)
    {
        var text = string.Empty;
        do
        {
            text = (char)('A' + (n % 26)) + text;
            n /= 26;
        }
        while (n > 0);
        return text;
    }
}
