namespace PromoServerless.Infra.Common; internal static class Placeholder { }
