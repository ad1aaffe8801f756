using System.Diagnostics;
using System.Text;

namespace PromoServerless.Infra.Templates;

/// <summary>Collects a render's output and stops it once it is too long or has taken too long.</summary>
internal sealed class LimitedTextWriter(int maxChars, TimeSpan maxTime) : TextWriter
{
    private readonly StringBuilder _output = new(capacity: 1024);
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private int _writes;

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        EnsureRoom(1);
        _output.Append(value);
    }

    public override void Write(string? value)
    {
        if (value is not null)
        {
            EnsureRoom(value.Length);
            _output.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        EnsureRoom(count);
        _output.Append(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        EnsureRoom(buffer.Length);
        _output.Append(buffer);
    }

    public override string ToString() => _output.ToString();

    /// <summary>Also called between writes (assign, capture) so output-free work is timed too.</summary>
    public void CheckTime()
    {
        if (Stopwatch.GetElapsedTime(_startedAt) > maxTime)
        {
            throw new TemplateLimitExceededException($"The template took longer than {maxTime.TotalMilliseconds:0} ms to render.");
        }
    }

    private void EnsureRoom(int count)
    {
        if (_output.Length + count > maxChars)
        {
            throw new TemplateLimitExceededException($"The rendered text is longer than {maxChars} characters.");
        }

        // Reading the clock on every small write costs more than the write; every 32nd is often enough.
        if ((++_writes & 31) == 0)
        {
            CheckTime();
        }
    }
}
