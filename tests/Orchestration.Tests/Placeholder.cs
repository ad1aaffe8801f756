namespace PromoServerless.Orchestration.Tests;
