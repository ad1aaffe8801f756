using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>The <c>email-send</c> queue message: one recipient of one send. Enqueueing it twice is harmless.</summary>
public sealed record EmailSendMessage(BrandId BrandId, EmailSendId SendId, int Chunk, MemberId MemberId)
{
    public RecipientKey Recipient => new(Chunk, MemberId);

    public static EmailSendMessage For(EmailSend send, RecipientKey recipient) => new(send.BrandId, send.Id, recipient.Chunk, recipient.MemberId);

    /// <summary>Ties every attempt at this recipient's email to one Message-ID.</summary>
    public string IdempotencyKey => $"{SendId.Value}:{MemberId.Value}";
}
