using System.Text;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// NFC, no control or format characters but tabs and newlines, one kind of line end, single blanks,
/// paragraphs separated by exactly one blank line. One linear pass after NFC, so a 50 MB single line
/// costs what its length costs.
/// </summary>
internal static class UnicodeCleaner
{
    public static string Clean(string decoded)
    {
        var text = decoded.IsNormalized(NormalizationForm.FormC) ? decoded : decoded.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingTab = false;
        var pendingNewlines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                // CRLF and lone CR (old Mac) both end a line.
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                c = '\n';
            }

            if (c is '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                pendingNewlines = Math.Min(2, pendingNewlines + (c == '\u2029' ? 2 : 1));
                pendingSpace = false;
                pendingTab = false;
                continue;
            }

            if (IsHorizontalSpace(c))
            {
                // A run of blanks becomes one: a tab if it held one (tabs are kept), else a space.
                pendingSpace = true;
                pendingTab |= c == '\t';
                continue;
            }

            // Controls (C0, C1, DEL) and invisible format characters (BOM, zero-width space) carry no text;
            // joiners stay, since some scripts need them to spell words.
            if (char.IsControl(c) || (c is '\uFEFF' or '\u200B' or '\u00AD' or '\u2060'))
            {
                continue;
            }

            if (sb.Length > 0)
            {
                if (pendingNewlines > 0)
                {
                    sb.Append('\n', pendingNewlines);
                }
                else if (pendingSpace)
                {
                    sb.Append(pendingTab ? '\t' : ' ');
                }
            }

            pendingNewlines = 0;
            pendingSpace = false;
            pendingTab = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsHorizontalSpace(char c) =>
        c is ' ' or '\t' or '\u00A0' or '\u1680' or '\u202F' or '\u205F' or '\u3000' || c is >= '\u2000' and <= '\u200A';
}
