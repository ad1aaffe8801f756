using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Templates;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Email;

public sealed class SmtpEmailSenderTests(MailDevFixture mailDev)
{
    private static readonly EmailTemplateRenderer Renderer = new(new LiquidSandbox(new TemplateSandboxOptions()));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<OutgoingEmail> DefaultEmailAsync(string name, string address, string code)
    {
        var model = TemplateModels.For(name, address, code);
        var rendered = Assert.IsType<TemplateRenderResult.Rendered>(await Renderer.RenderAsync(EmailTemplate.Default, model)).Email;
        return new OutgoingEmail($"send-1/{address}", address, name, rendered.Subject, rendered.HtmlBody, rendered.TextBody)
        {
            SenderName = "Glow Co",
            ReplyTo = "team@glow.example.test",
        };
    }

    private static OutgoingEmail Simple(string address, string name = "Sam Lee", string subject = "Your code") =>
        new($"key/{address}", address, name, subject, "<p>Hello</p>", "Hello");

    [Fact]
    public async Task SendAsync_WhenTwoRecipients_ShouldDeliverExactlyTheirRenderedEmails()
    {
        await using var sender = mailDev.CreateSender();
        var jane = await DefaultEmailAsync("Jane Doe", TemplateModels.UniqueAddress("jane"), "JANE10");
        var omar = await DefaultEmailAsync("Omar Said", TemplateModels.UniqueAddress("omar"), "OMAR10");

        var results = new[] { await sender.SendAsync(jane, Cancel), await sender.SendAsync(omar, Cancel) };

        Assert.All(results, result => Assert.IsType<EmailSendResult.Accepted>(result));
        foreach (var (sent, result) in new[] { jane, omar }.Zip(results))
        {
            var received = Assert.Single(await mailDev.Client.WaitForAsync(sent.ToAddress, cancellationToken: Cancel));
            Assert.Equal([sent.ToAddress], received.Envelope.To.Select(a => a.Address));
            Assert.Equal([(sent.ToAddress, sent.ToName)], received.To.Select(a => (a.Address, a.Name)));
            Assert.Equal([("codes@glow.example.test", "Glow Co")], received.From.Select(a => (a.Address, a.Name)));
            Assert.Equal(sent.Subject, received.Subject);
            Assert.Equal(sent.TextBody, received.Text?.TrimEnd('\n'));
            Assert.Contains($"<strong>{sent.Subject[^6..]}</strong>", received.Html, StringComparison.Ordinal);
            Assert.Contains("\r\nReply-To: team@glow.example.test\r\n", await mailDev.Client.GetSourceAsync(received.Id, Cancel), StringComparison.Ordinal);
            Assert.Equal($"<{((EmailSendResult.Accepted)result).MessageId}>", received.MessageId);
        }

        Assert.Equal(1, sender.ConnectionsOpened);
    }

    [Fact]
    public async Task SendAsync_WhenManyMessagesAtOnce_ShouldDeliverEachOnceOverAtMostTheConfiguredConnections()
    {
        await using var sender = mailDev.CreateSender(maxConnections: 2);
        var addresses = Enumerable.Range(0, 12).Select(i => TemplateModels.UniqueAddress("pool" + i)).ToArray();

        var results = await Task.WhenAll(addresses.Select(a => sender.SendAsync(Simple(a), Cancel)));

        Assert.All(results, result => Assert.IsType<EmailSendResult.Accepted>(result));
        Assert.Equal(2, sender.ConnectionsOpened);
        foreach (var address in addresses)
        {
            Assert.Single(await mailDev.Client.WaitForAsync(address, cancellationToken: Cancel));
        }
    }

    [Fact]
    public async Task SendAsync_WhenDisplayNameIsNotAscii_ShouldEncodeItInTheHeader()
    {
        await using var sender = mailDev.CreateSender();
        var address = TemplateModels.UniqueAddress("zoe");

        var result = await sender.SendAsync(Simple(address, name: "Zoë Łukasiewicz 山田", subject: "Ton code, Zoë"), Cancel);

        Assert.IsType<EmailSendResult.Accepted>(result);
        var received = Assert.Single(await mailDev.Client.WaitForAsync(address, cancellationToken: Cancel));
        Assert.Equal("Zoë Łukasiewicz 山田", Assert.Single(received.To).Name);
        Assert.Equal("Ton code, Zoë", received.Subject);
        var source = await mailDev.Client.GetSourceAsync(received.Id, Cancel);
        var toHeader = source.Split("\r\n").First(line => line.StartsWith("To:", StringComparison.Ordinal));
        Assert.Contains("=?utf-8?", toHeader, StringComparison.OrdinalIgnoreCase);
        Assert.True(source.All(char.IsAscii), "the raw message should be 7-bit ASCII");
    }

    [Fact]
    public async Task SendAsync_WhenSameIdempotencyKeyIsSentAgain_ShouldCarryTheSameMessageId()
    {
        await using var sender = mailDev.CreateSender();
        var address = TemplateModels.UniqueAddress("twice");
        var email = Simple(address);

        var first = Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(email, Cancel));
        var second = Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(email, Cancel));

        Assert.Equal(first.MessageId, second.MessageId);
        var received = await mailDev.Client.WaitForAsync(address, count: 2, cancellationToken: Cancel);
        Assert.Single(received.Select(r => r.MessageId).Distinct());
        Assert.Equal(MessageIds.FromIdempotencyKey(email.IdempotencyKey, "glow.example.test"), first.MessageId);
    }

    [Theory]
    [InlineData("Your code\r\nBcc: victim@example.test", "Sam Lee")]
    [InlineData("Your code", "Sam\nBcc: victim@example.test")]
    public async Task SendAsync_WhenHeaderValueHasLineBreak_ShouldRefuseWithoutSending(string subject, string name)
    {
        await using var sender = mailDev.CreateSender();
        var address = TemplateModels.UniqueAddress("crlf");

        var result = await sender.SendAsync(Simple(address, name, subject), Cancel);

        var rejected = Assert.IsType<EmailSendResult.Rejected>(result);
        Assert.Contains("line break", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(0, sender.ConnectionsOpened);
        Assert.Empty(await mailDev.Client.ListToAsync(address, Cancel));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("two@@example.test")]
    [InlineData("a@b@example.test")]
    [InlineData("\"quoted\"@example.test")]
    public async Task SendAsync_WhenAddressIsInvalid_ShouldFailPermanentlyWithoutConnecting(string address)
    {
        await using var sender = mailDev.CreateSender();

        var result = await sender.SendAsync(Simple(address), Cancel);

        Assert.IsType<EmailSendResult.Rejected>(result);
        Assert.Equal(0, sender.ConnectionsOpened);
    }

    [Fact]
    public async Task SendAsync_WhenServerRefusesTheMessage_ShouldFailPermanentlyAndKeepWorking()
    {
        await using var sender = mailDev.CreateSender(await mailDev.RejectingSmtpPortAsync());
        var tooLarge = Simple(TemplateModels.UniqueAddress("big")) with { HtmlBody = new string('x', MailDevFixture.RejectingMaxMessageBytes * 2) };

        var refused = await sender.SendAsync(tooLarge, Cancel);
        var small = await sender.SendAsync(Simple(TemplateModels.UniqueAddress("small")), Cancel);

        var rejected = Assert.IsType<EmailSendResult.Rejected>(refused);
        Assert.Contains("55", rejected.Reason, StringComparison.Ordinal);
        Assert.IsType<EmailSendResult.Accepted>(small);
    }

    [Fact]
    public async Task SendAsync_WhenSmtpPortIsClosed_ShouldThrowTransient()
    {
        await using var sender = mailDev.CreateSender(FreePort.Next());

        var failure = await Assert.ThrowsAsync<TransientEmailException>(() => sender.SendAsync(Simple(TemplateModels.UniqueAddress("closed")), Cancel));

        Assert.Contains("could not be reached", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WhenServerComesBackAfterTransientFailure_ShouldReconnect()
    {
        await using var sender = mailDev.CreateSender();
        var address = TemplateModels.UniqueAddress("again");

        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(Simple(address), Cancel));
        await using (var brokenSender = mailDev.CreateSender(FreePort.Next()))
        {
            await Assert.ThrowsAsync<TransientEmailException>(() => brokenSender.SendAsync(Simple(address), Cancel));
        }

        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(Simple(address), Cancel));
        Assert.Equal(2, (await mailDev.Client.WaitForAsync(address, count: 2, cancellationToken: Cancel)).Count);
    }
}
