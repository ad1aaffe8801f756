using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PromoServerless.Infra.Email;

/// <summary>
/// Sends over one SMTP connection that stays open and authenticated between messages; messages go
/// through it one at a time. A connection idle for a while is checked with NOOP before reuse, and any
/// failure other than a permanent refusal drops it so the next message starts afresh. A message is
/// never re-sent here: that is the caller's retry, so the caller decides about duplicates.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender, IAsyncDisposable, IDisposable
{
    private readonly SmtpOptions _options;
    private readonly EmailMessageBuilder _builder;
    private readonly TimeProvider _time;
    private readonly ILogger<SmtpEmailSender> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;
    private long _lastUsed;
    private int _connectionsOpened;
    private int _disposed;

    public SmtpEmailSender(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpEmailSender> logger)
    {
        _options = options.Value;
        _builder = new EmailMessageBuilder(_options);
        _time = time;
        _logger = logger;
    }

    public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var built = _builder.Build(email);
        if (built.Message is null)
        {
            return new EmailSendResult.Rejected(built.Problem!);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            var response = await client.SendAsync(built.Message, cancellationToken);
            _lastUsed = _time.GetTimestamp();
            return new EmailSendResult.Accepted(built.Message.MessageId ?? string.Empty, response);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-conversation: the connection's state is unknown.
            await DropConnectionAsync();
            throw;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var classified = SmtpFailureClassifier.Classify(failure);
            if (classified.IsPermanent)
            {
                // A refused command leaves the session usable (MailKit resets it), so the connection is kept.
                _logger.LogWarning("SMTP refused message {MessageId}: {Reason}", built.Message.MessageId, classified.Reason);
                return new EmailSendResult.Rejected(classified.Reason);
            }

            await DropConnectionAsync();
            _logger.LogWarning(failure, "SMTP send of {MessageId} failed transiently: {Reason}", built.Message.MessageId, classified.Reason);
            throw new TransientEmailException(classified.Reason, failure);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many SMTP connections this sender has opened; one while the server keeps it open.</summary>
    internal int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <remarks>
    /// Safe to call more than once: the container disposes this sender once for each name it is
    /// registered under. The gate is left undisposed so a send still waiting on it fails as a send.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            await DropConnectionAsync(quit: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection without the QUIT exchange (for containers disposed synchronously).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _client?.Dispose();
        _client = null;
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } open)
        {
            if (_time.GetElapsedTime(_lastUsed) < _options.IdleCheckAfter || await StillAnswersAsync(open, cancellationToken))
            {
                return open;
            }

            await DropConnectionAsync();
        }

        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, _options.SecureSocketOptions, cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        _lastUsed = _time.GetTimestamp();
        Interlocked.Increment(ref _connectionsOpened);
        return client;
    }

    private async Task<bool> StillAnswersAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            _logger.LogDebug(failure, "Idle SMTP connection no longer answers; reconnecting.");
            return false;
        }
    }

    private async Task DropConnectionAsync(bool quit = false)
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        try
        {
            if (quit && client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception failure)
        {
            _logger.LogDebug(failure, "Closing the SMTP connection failed.");
        }
        finally
        {
            client.Dispose();
        }
    }
}
