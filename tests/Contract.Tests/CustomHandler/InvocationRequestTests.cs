using System.Text.Json;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Contract.Tests.CustomHandler;

/// <summary>Payload shapes as the Functions host really sends them to a custom handler.</summary>
public sealed class InvocationRequestTests
{
    private const string HostQueuePayload = """
        {
          "Data": { "message": "\"{\\\"batchId\\\":\\\"b1\\\",\\\"memberId\\\":\\\"m1\\\"}\"" },
          "Metadata": {
            "DequeueCount": "3",
            "ExpirationTime": "2026-12-01T10:00:00+00:00",
            "Id": "\"4b9c2f4e-1f0a-4a7e-9a52-1c7e0c3d7f10\"",
            "InsertionTime": "2026-11-24T10:00:00+00:00",
            "NextVisibleTime": "2026-11-24T10:10:00+00:00",
            "PopReceipt": "\"AgAAAAMAAAAAAAAA\"",
            "sys": { "MethodName": "PrepareCode", "UtcNow": "2026-11-24T10:00:01Z", "RandGuid": "6a1f..." }
          }
        }
        """;

    [Fact]
    public void ReadQueueMessage_WhenHostDoubleEncodesText_ShouldReturnTheMessageJson()
    {
        using var body = JsonDocument.Parse(HostQueuePayload);
        var message = InvocationRequest.ReadQueueMessage(body.RootElement, "message");

        Assert.Equal("""{"batchId":"b1","memberId":"m1"}""", message.Text);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal("4b9c2f4e-1f0a-4a7e-9a52-1c7e0c3d7f10", message.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), message.InsertionTime);
    }

    [Fact]
    public void ReadQueueMessage_WhenTextIsPlainString_ShouldReturnItUnchanged()
    {
        using var body = JsonDocument.Parse("""{"Data":{"message":"\"hello\""},"Metadata":{"DequeueCount":1}}""");
        var message = InvocationRequest.ReadQueueMessage(body.RootElement, "message");
        Assert.Equal("hello", message.Text);
        Assert.Equal(1, message.DequeueCount);
    }

    [Fact]
    public void ReadQueueMessage_WhenTextWasNotEncodedAgain_ShouldStillReadIt()
    {
        using var body = JsonDocument.Parse("""{"Data":{"message":"{\"a\":1}"},"Metadata":{}}""");
        Assert.Equal("""{"a":1}""", InvocationRequest.ReadQueueMessage(body.RootElement, "message").Text);
    }

    [Fact]
    public void ReadQueueMessage_WhenBindingMissing_ShouldRefuse()
    {
        using var body = JsonDocument.Parse("""{"Data":{"other":"x"},"Metadata":{}}""");
        Assert.Throws<InvocationFormatException>(() => InvocationRequest.ReadQueueMessage(body.RootElement, "message"));
    }

    [Fact]
    public void ReadTimer_WhenHostSendsScheduleStatus_ShouldReadPastDueAndTimes()
    {
        using var body = JsonDocument.Parse("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},
              "ScheduleStatus":{"Last":"2026-11-24T09:59:00+00:00","Next":"2026-11-24T10:01:00+00:00","LastUpdated":"2026-11-24T10:00:00+00:00"},
              "IsPastDue":true}},"Metadata":{}}
            """);
        var timer = InvocationRequest.ReadTimer(body.RootElement, "timer");
        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 1, 0, TimeSpan.Zero), timer.Next);
    }

    [Fact]
    public void ReadTimer_WhenScheduleStatusIsNull_ShouldHaveNoTimes()
    {
        using var body = JsonDocument.Parse("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""");
        var timer = InvocationRequest.ReadTimer(body.RootElement, "timer");
        Assert.False(timer.IsPastDue);
        Assert.Null(timer.Last);
    }
}
