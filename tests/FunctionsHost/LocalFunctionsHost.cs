namespace PromoServerless.FunctionsHost;

public static class LocalFunctionsHost
{
    public static Task RunAsync(string[] args) => throw new NotImplementedException();
}
