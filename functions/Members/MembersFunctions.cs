using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Members;

/// <summary>The members HTTP functions; each runs the API operation of its name.</summary>
public static class MembersFunctions
{
    [Function(nameof(ImportMembers))]
    public static IActionResult ImportMembers([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/members/import")] HttpRequest request) =>
        new ApiOperation(nameof(ImportMembers));

    [Function(nameof(ListMembers))]
    public static IActionResult ListMembers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members")] HttpRequest request) =>
        new ApiOperation(nameof(ListMembers));

    [Function(nameof(GetMember))]
    public static IActionResult GetMember([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members/{memberId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetMember));
}
