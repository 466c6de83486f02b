using Vigil.Server.Configuration;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests;

public sealed class StartupRulesTests
{
    [Fact]
    public async Task Create_NonLoopbackWithoutAnyKey_RefusesToStartNamingTheFix()
    {
        var data = Directory.CreateTempSubdirectory("vigil-start-").FullName;
        var settings = new VigilSettings { DataDirectory = data, HttpAddress = "0.0.0.0:0", GrpcAddress = "127.0.0.1:0" };
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => VigilHost.CreateAsync(settings));
        Assert.Contains("vigil keys create", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AnonymousAllowOffLoopback_IsRefused()
    {
        var data = Directory.CreateTempSubdirectory("vigil-start-").FullName;
        var settings = new VigilSettings { DataDirectory = data, HttpAddress = "0.0.0.0:0", Anonymous = AnonymousAccess.Allow };
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => VigilHost.CreateAsync(settings));
        Assert.Contains("auth.anonymous", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SecondServerOnTheSameDataDirectory_FailsWithTheStoreLocked()
    {
        await using var first = await RunningServer.StartAsync();
        var settings = new VigilSettings { DataDirectory = first.DataDirectory, HttpAddress = "127.0.0.1:0", GrpcAddress = "127.0.0.1:0" };
        var ex = await Assert.ThrowsAsync<Storage.DuckDb.StoreLockedException>(() => VigilHost.CreateAsync(settings));
        Assert.Contains("in use by another Vigil server", ex.Message, StringComparison.Ordinal);
    }
}
