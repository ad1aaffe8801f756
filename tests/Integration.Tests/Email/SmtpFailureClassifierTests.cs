using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PromoServerless.Infra.Email;

namespace PromoServerless.Integration.Tests.Email;

public sealed class SmtpFailureClassifierTests
{
    private static readonly MailboxAddress Someone = MailboxAddress.Parse("someone@example.test");

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxNameNotAllowed)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ExceededStorageAllocation)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed)]
    public void Classify_WhenServerRefusesMessageOrRecipientWith5xx_ShouldBePermanent(SmtpErrorCode error, SmtpStatusCode status)
    {
        var failure = SmtpFailureClassifier.Classify(new SmtpCommandException(error, status, Someone, "refused"));

        Assert.True(failure.IsPermanent);
    }

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ErrorInProcessing)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.AuthenticationRequired)]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable)]
    public void Classify_WhenReplyIs4xxOrConcernsOurAccount_ShouldBeTransient(SmtpErrorCode error, SmtpStatusCode status)
    {
        var failure = SmtpFailureClassifier.Classify(new SmtpCommandException(error, status, Someone, "later"));

        Assert.False(failure.IsPermanent);
    }

    [Fact]
    public void Classify_WhenConnectionOrLoginFails_ShouldBeTransient()
    {
        Exception[] failures =
        [
            new SocketException((int)SocketError.ConnectionRefused),
            new IOException("reset"),
            new TimeoutException(),
            new AuthenticationException("535 bad credentials"),
            new SmtpProtocolException("unexpected reply"),
        ];

        Assert.All(failures, failure => Assert.False(SmtpFailureClassifier.Classify(failure).IsPermanent));
    }
}
