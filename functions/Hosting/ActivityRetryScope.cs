using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using PromoServerless.Infra.Shopify;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// Runs every activity inside a <see cref="ShopifyCallerRetries"/> scope: Durable retries the activity under its
/// <see cref="ActivityRetries"/> policy, so the Shopify client does not retry failed reads inside it as well.
/// HTTP, queue and timer functions keep the client's own retries.
/// </summary>
public sealed class ActivityRetryScope : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (!context.FunctionDefinition.InputBindings.Values.Any(b => b.Type.Equals("activityTrigger", StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        using (ShopifyCallerRetries.Begin())
        {
            await next(context);
        }
    }
}
