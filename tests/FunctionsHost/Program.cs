await PromoServerless.FunctionsHost.LocalFunctionsHost.RunAsync(args);
