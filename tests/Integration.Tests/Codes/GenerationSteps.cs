using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Members;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Codes;

/// <summary>The steps of the main job as a user takes them, for tests to compose.</summary>
public static class GenerationSteps
{
    public sealed record Setup(string OfferId, string ProjectId, IReadOnlyDictionary<string, string> MemberIdsByEmail);

    public static async Task<Setup> OfferWithProjectMembersAsync(this TestBrand brand, IEnumerable<(string First, string Last)> people, object? offerBody = null)
    {
        var offer = await brand.CreateOfferAsync(offerBody);
        var project = await brand.Client.PostJsonAsync("api/v1/projects", new { name = "Summer creators " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, project.Status);
        var members = people.Select((p, i) => new
        {
            name = $"{p.First} {p.Last}",
            firstName = p.First,
            lastName = p.Last,
            email = $"member{i}.{Guid.NewGuid():N}@creators.test",
        }).ToArray();
        var import = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={project.Id()}", members);
        Assert.True(import.Status == HttpStatusCode.OK, import.Body.ToString());
        var ids = import.As<MemberImportResponse>().Rows.Select((row, i) => (members[i].email, row.MemberId!)).ToDictionary(x => x.email, x => x.Item2);
        return new Setup(offer.Id(), project.Id(), ids);
    }

    public static async Task<ApiAnswer> GenerateAsync(this TestBrand brand, string offerId, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/code-batches") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await (await brand.Client.SendAsync(request, ApiCalls.Ct)).ReadAnswerAsync();
    }

    public static string BatchId(this ApiAnswer accepted) => accepted.As<CodeBatchAcceptedResponse>().Batch.Id;

    /// <summary>Polls the batch the way a client would, until it reaches a final status; the batch with its first 1,000 items.</summary>
    public static async Task<CodeBatchDetailResponse> WaitForBatchDetailAsync(this TestBrand brand, string batchId, TimeSpan? timeout = null) =>
        (await brand.WaitForBatchAsync(batchId, timeout)).As<CodeBatchDetailResponse>();

    /// <summary>Polls the batch the way a client would, until it reaches a final status.</summary>
    public static async Task<JsonElement> WaitForBatchAsync(this TestBrand brand, string batchId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var answer = await brand.Client.GetJsonAsync($"api/v1/code-batches/{batchId}?pageSize=1000");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var status = answer.As<CodeBatchDetailResponse>().Batch.Status;
            if (status is CodeBatchStatus.Completed or CodeBatchStatus.CompletedWithErrors or CodeBatchStatus.Failed)
            {
                return answer.Body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Batch {batchId} still {status} after the timeout: {answer.Body}");
            await Task.Delay(200, ApiCalls.Ct);
        }
    }
}
