using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PromoServerless.Infra.Email;

/// <summary>
/// Sends over up to <see cref="SmtpOptions.MaxConnections"/> SMTP connections that stay open and authenticated
/// between messages; each carries one message at a time, so while the server digests one message the next goes
/// out on another connection. A connection idle for a while is checked with NOOP before reuse, and any failure
/// other than a permanent refusal drops that connection so its next message starts afresh. A message is never
/// re-sent here: that is the caller's retry, so the caller decides about duplicates.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender, IAsyncDisposable, IDisposable
{
    private readonly SmtpOptions _options;
    private readonly EmailMessageBuilder _builder;
    private readonly TimeProvider _time;
    private readonly ILogger<SmtpEmailSender> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<Connection> _idle = new();
    private int _connectionsOpened;
    private int _disposed;

    public SmtpEmailSender(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpEmailSender> logger)
    {
        _options = options.Value;
        _builder = new EmailMessageBuilder(_options);
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConnections, _options.MaxConnections);
    }

    public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var built = _builder.Build(email);
        if (built.Message is null)
        {
            return new EmailSendResult.Rejected(built.Problem!);
        }

        await _slots.WaitAsync(cancellationToken);
        Connection? connection = null;
        try
        {
            connection = await ConnectedAsync(cancellationToken);
            var response = await connection.Client.SendAsync(built.Message, cancellationToken);
            connection.LastUsed = _time.GetTimestamp();
            return new EmailSendResult.Accepted(built.Message.MessageId ?? string.Empty, response);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-conversation: the connection's state is unknown.
            await DropAsync(connection);
            connection = null;
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

            await DropAsync(connection);
            connection = null;
            _logger.LogWarning(failure, "SMTP send of {MessageId} failed transiently: {Reason}", built.Message.MessageId, classified.Reason);
            throw new TransientEmailException(classified.Reason, failure);
        }
        finally
        {
            if (connection is not null)
            {
                _idle.Push(connection);
            }

            _slots.Release();
        }
    }

    /// <summary>How many SMTP connections this sender has opened; one per concurrent message while the server keeps them open.</summary>
    internal int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <remarks>
    /// Safe to call more than once: the container disposes this sender once for each name it is registered
    /// under. It waits for the messages in flight; the slots are left undisposed so a send still waiting on one
    /// fails as a send.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        for (var i = 0; i < _options.MaxConnections; i++)
        {
            await _slots.WaitAsync();
        }

        try
        {
            while (_idle.TryPop(out var connection))
            {
                await DropAsync(connection, quit: true);
            }
        }
        finally
        {
            _slots.Release(_options.MaxConnections);
        }
    }

    /// <summary>Closes the connections without the QUIT exchange (for containers disposed synchronously).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        while (_idle.TryPop(out var connection))
        {
            connection.Client.Dispose();
        }
    }

    private async Task<Connection> ConnectedAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryPop(out var open))
        {
            if (open.Client.IsConnected
                && (_time.GetElapsedTime(open.LastUsed) < _options.IdleCheckAfter || await StillAnswersAsync(open.Client, cancellationToken)))
            {
                return open;
            }

            await DropAsync(open);
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

        Interlocked.Increment(ref _connectionsOpened);
        return new Connection(client) { LastUsed = _time.GetTimestamp() };
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

    private async Task DropAsync(Connection? connection, bool quit = false)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            if (quit && connection.Client.IsConnected)
            {
                await connection.Client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception failure)
        {
            _logger.LogDebug(failure, "Closing an SMTP connection failed.");
        }
        finally
        {
            connection.Client.Dispose();
        }
    }

    private sealed class Connection(SmtpClient client)
    {
        public SmtpClient Client { get; } = client;

        public long LastUsed { get; set; }
    }
}
