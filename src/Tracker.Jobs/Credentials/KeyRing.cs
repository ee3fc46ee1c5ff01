using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Tracker.Jobs.Credentials;

/// <summary>
/// The Data Protection key ring that encrypts stored credentials. On Linux, Data Protection writes
/// its keys unencrypted unless told how to protect them, so anyone who can read the key ring
/// directory and the store can decrypt every stored password. With
/// <see cref="VaultOptions.KeyRingCertificate"/> set, each key is encrypted to that certificate's
/// RSA public key and decrypted with its private key, which can then live apart from the data
/// directory (a mounted secret).
/// </summary>
internal static class KeyRing
{
    /// <summary>The application name is fixed (not derived from the content root) so replicas sharing one key ring read each other's entries.</summary>
    public const string ApplicationName = "Tracker.Jobs";

    public static IDataProtectionBuilder Configure(IDataProtectionBuilder builder, string directory, VaultOptions options)
    {
        CreateOwnerOnlyDirectory(directory);
        builder.SetApplicationName(ApplicationName).PersistKeysToFileSystem(new DirectoryInfo(directory));
        if (LoadCertificate(options) is { } certificate)
        {
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return builder;
    }

    /// <summary>The configured certificate with its private key, or null when none is configured.</summary>
    /// <exception cref="OptionsValidationException">The files cannot be read, are not PEM, or hold no usable RSA private key.</exception>
    public static X509Certificate2? LoadCertificate(VaultOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeyRingCertificate))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            // Without a key file the private key is read from the certificate file itself.
            certificate = X509Certificate2.CreateFromPemFile(
                options.KeyRingCertificate, string.IsNullOrWhiteSpace(options.KeyRingCertificateKey) ? null : options.KeyRingCertificateKey);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Invalid(nameof(VaultOptions.KeyRingCertificate), $"cannot load the certificate and private key from '{options.KeyRingCertificate}'"
                + (string.IsNullOrWhiteSpace(options.KeyRingCertificateKey) ? "" : $" and '{options.KeyRingCertificateKey}'") + $": {e.Message.TrimEnd('.')}");
        }

        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            certificate.Dispose();
            throw Invalid(nameof(VaultOptions.KeyRingCertificate), $"the certificate in '{options.KeyRingCertificate}' has no RSA private key (Data Protection encrypts its keys with RSA)");
        }

        return certificate;
    }

    /// <summary>
    /// Data Protection writes its key files with the process umask (usually world-readable), so the directory is what
    /// keeps them private: created 0700 before Data Protection first writes there, and chmodded so neither the umask
    /// nor a directory left by an older version widens it.
    /// </summary>
    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        try
        {
            Directory.CreateDirectory(directory, ownerOnly);
            if (File.GetUnixFileMode(directory) != ownerOnly)
            {
                File.SetUnixFileMode(directory, ownerOnly);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Typically a directory owned by another user: starting anyway would leave the keys as open as that directory.
            throw Invalid(nameof(VaultOptions.KeyRingDirectory), $"cannot create '{directory}' or restrict it to its owner (0700): {e.Message.TrimEnd('.')}");
        }
    }

    private static OptionsValidationException Invalid(string setting, string message)
        => new($"{VaultOptions.Section}:{setting}", typeof(VaultOptions), [$"{VaultOptions.Section}:{setting}: {message}."]);
}
