namespace IngestPlatform.TestSupport;

/// <summary>
/// A fact that needs file permissions to bite: root (CAP_DAC_OVERRIDE) reads a <c>chmod 000</c> file
/// anyway, so under root the test is reported as skipped, with that reason, rather than passing
/// without having tested anything.
/// </summary>
public sealed class UnprivilegedFactAttribute : FactAttribute
{
    public UnprivilegedFactAttribute()
    {
        if (Environment.IsPrivilegedProcess)
        {
            Skip = "Runs as root, which ignores file permissions: a permission-denied file cannot be made here.";
        }
    }
}
