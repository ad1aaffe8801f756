namespace PromoServerless.TestStack; public static class Placeholder { }
