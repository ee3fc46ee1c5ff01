using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Jobs.Credentials;

namespace Tracker.Jobs.Tests.Credentials;

/// <summary>The key ring through the same configuration the service uses, with a real certificate and real files.</summary>
public sealed class KeyRingTests : VaultTests
{
    [Fact]
    public async Task With_a_certificate_the_keys_on_disk_are_encrypted_and_a_restart_reads_credentials_back()
    {
        var options = WriteCertificate("certificate.pem", "key.pem");

        await Vault(options).StoreAsync("alice", KnoxCredentials.Basic("alice", "s3cret"), CancellationToken.None);

        var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(KeyRingDirectory, "key-*.xml")));
        Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        Assert.Equal(KnoxCredentials.Basic("alice", "s3cret"), await Vault(options).GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Keys_written_under_a_certificate_cannot_be_used_without_it()
    {
        await Vault(WriteCertificate("certificate.pem", "key.pem")).StoreAsync("alice", KnoxCredentials.Basic("alice", "s3cret"), CancellationToken.None);

        Assert.Null(await Vault(new VaultOptions()).GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_as_Data_Protection_stores_them_on_Linux()
    {
        await Vault(new VaultOptions()).StoreAsync("alice", KnoxCredentials.Basic("alice", "s3cret"), CancellationToken.None);

        var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(KeyRingDirectory, "key-*.xml")));
        Assert.Contains("<masterKey", key, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_and_key_in_one_file_are_read()
    {
        var options = WriteCertificate("both.pem", keyFile: null);

        using var certificate = KeyRing.LoadCertificate(options);

        Assert.True(certificate?.HasPrivateKey);
    }

    [Fact]
    public void A_missing_file_or_a_certificate_without_its_key_is_a_startup_error_naming_the_setting()
    {
        var missing = Assert.Throws<OptionsValidationException>(() => KeyRing.LoadCertificate(new VaultOptions { KeyRingCertificate = Path.Combine(Temp.Path, "nope.pem") }));
        Assert.Contains("Jobs:Vault:KeyRingCertificate", missing.Message, StringComparison.Ordinal);

        var certificateOnly = WriteCertificate("certificate.pem", "key.pem");
        certificateOnly.KeyRingCertificateKey = null;
        var keyless = Assert.Throws<OptionsValidationException>(() => KeyRing.LoadCertificate(certificateOnly));
        Assert.Contains("Jobs:Vault:KeyRingCertificate", keyless.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_ring_directory_that_cannot_be_made_private_is_a_startup_error_naming_the_setting()
    {
        var file = Path.Combine(Temp.Path, "not-a-directory");
        File.WriteAllText(file, "");

        var error = Assert.Throws<OptionsValidationException>(
            () => KeyRing.Configure(new ServiceCollection().AddDataProtection(), Path.Combine(file, "keys"), new VaultOptions()));

        Assert.Contains("Jobs:Vault:KeyRingDirectory", error.Message, StringComparison.Ordinal);
    }

    private CredentialVault Vault(VaultOptions options) => NewVault(options, TimeProvider.System);

    /// <summary>A self-signed RSA certificate as PEM: in <paramref name="certificateFile"/>, its key in <paramref name="keyFile"/> or (null) appended to the certificate.</summary>
    private VaultOptions WriteCertificate(string certificateFile, string? keyFile)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=tracker-keyring-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var certificatePath = Path.Combine(Temp.Path, certificateFile);
        var keyPem = rsa.ExportPkcs8PrivateKeyPem();
        if (keyFile is null)
        {
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n" + keyPem);
            return new VaultOptions { KeyRingCertificate = certificatePath };
        }

        var keyPath = Path.Combine(Temp.Path, keyFile);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, keyPem);
        return new VaultOptions { KeyRingCertificate = certificatePath, KeyRingCertificateKey = keyPath };
    }
}
