using Npgsql;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Database;

public sealed class DataSourceSetupTests
{
    [Fact]
    public void Connection_string_without_settings_gets_the_API_defaults()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSourceSetup.Tune("Host=db;Database=rs"));

        Assert.Equal(5, tuned.Timeout);
        Assert.Equal(16, tuned.MaxPoolSize);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("resourceshare-api", tuned.ApplicationName);
    }

    [Theory]
    [InlineData("Timeout=30;Maximum Pool Size=4;Max Auto Prepare=0;No Reset On Close=false;Application Name=ops")]
    [InlineData("timeout=30;MaxPoolSize=4;MaxAutoPrepare=0;No Reset On Close=false;ApplicationName=ops")]
    public void Settings_in_the_connection_string_win_however_they_are_spelled(string settings)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSourceSetup.Tune("Host=db;Database=rs;" + settings));

        Assert.Equal(30, tuned.Timeout);
        Assert.Equal(4, tuned.MaxPoolSize);
        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal("ops", tuned.ApplicationName);
    }

    [Fact]
    public void Setting_given_at_Npgsql_default_value_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSourceSetup.Tune("Host=db;Database=rs;Timeout=15"));

        Assert.Equal(15, tuned.Timeout);
    }
}
