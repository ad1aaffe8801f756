namespace PromoServerless.TestStack;

/// <summary>Appends a started process's PID to the file named by PROMO_PIDFILE, so CI can stop it by PID whatever happens to the test run.</summary>
public static class PidFile
{
    public static void Record(int pid)
    {
        var path = Environment.GetEnvironmentVariable("PROMO_PIDFILE");
        if (!string.IsNullOrEmpty(path))
        {
            File.AppendAllText(path, pid + Environment.NewLine);
        }
    }
}
