using System.Security.Cryptography;
using System.Text;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Stores the one send that tells the members a finished code operation changed about it, when the offer has that
/// notification on. The send id is derived from the operation id and the kind, so however often the operation's end
/// runs there is one send, and its per-recipient rows keep each member to one email. The send uses the brand's
/// template of that kind, or the kind's default.
/// </summary>
public sealed class CodeChangeNotifier(OfferStore offers, SendContextLoader contexts, EmailSendRecorder recorder)
{
    public static NotificationKind KindOf(CodeOperationAction action) => action switch
    {
        CodeOperationAction.Rename => NotificationKind.CodeRenamed,
        CodeOperationAction.Deactivate => NotificationKind.CodeDeactivated,
        CodeOperationAction.Reactivate => NotificationKind.CodeReactivated,
        _ => NotificationKind.CodeDatesChanged,
    };

    public static EmailSendId SendIdOf(string operationId, NotificationKind kind) => EmailSendId.For($"operation:{operationId}:{kind}");

    /// <returns>The send to run, or null when the offer does not notify about this change or no member changed.</returns>
    public async Task<EmailSendId?> RecordAsync(CodeOperation operation, CancellationToken cancellationToken)
    {
        var kind = KindOf(operation.Action);
        var offer = (await offers.GetAsync(operation.BrandId, operation.OfferId, cancellationToken))?.Value;
        if (offer is null || !offer.Definition.Notifications.IsOn(kind) || operation.Totals.Succeeded == 0)
        {
            return null;
        }

        var context = await contexts.LoadAsync(operation.BrandId, operation.OfferId, cancellationToken);
        if (context is null)
        {
            return null;
        }

        var id = SendIdOf(operation.Id, kind);
        var order = new EmailSendOrder(operation.BrandId, operation.OfferId, new RecipientChoice.Operation(operation.Id, kind), Template: null, SendAt: null, Origin: "operation:" + operation.Id);
        await recorder.RecordAsync(id, order, context, cancellationToken);
        return id;
    }
}
