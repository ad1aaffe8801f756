namespace PromoServerless.TestStack;

public static class RepositoryRoot
{
    /// <summary>The folder holding PromoServerless.sln, found by walking up from the running assembly.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PromoServerless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PromoServerless.sln was not found above " + AppContext.BaseDirectory);
    }
}
