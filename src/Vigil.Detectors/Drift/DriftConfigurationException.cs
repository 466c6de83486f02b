namespace Vigil.Detectors.Drift;

/// <summary>
/// A drift comparison that cannot run as asked: an unknown column, a test that does not fit a column (a number
/// test on text), a value that is not a number. The message names the column, and the file and line of an offending value.
/// </summary>
public sealed class DriftConfigurationException : Exception
{
    public DriftConfigurationException()
    {
    }

    public DriftConfigurationException(string message)
        : base(message)
    {
    }

    public DriftConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
