using System.Globalization;

namespace Vigil.Simulator.Generation;

/// <summary>A document of the support index: an id, its topic and the fact it states.</summary>
public sealed record KbDocument(string Id, string Topic, string Content, string Fact);

/// <summary>
/// The <c>support-kb</c> index behind <c>support-chat</c>: generated documents, each stating one
/// fact about one product topic. Questions are about a topic; a correct answer states the fact of
/// that topic's document and cites it.
/// </summary>
public sealed class KnowledgeBase
{
    private static readonly string[] Products = ["Acme Cloud", "Acme Sync", "Acme Billing", "Acme Mobile", "Acme Analytics", "Acme Vault"];

    private static readonly (string Topic, string Question, string Fact)[] Templates =
    [
        ("refunds", "How do I get a refund for {0}?", "Refunds for {0} are issued within {1} business days from Settings > Billing > Refund."),
        ("password", "How can I reset my password in {0}?", "In {0} a password is reset from the sign-in page with the 'Forgot password' link; the link expires after {1} minutes."),
        ("export", "Can I export my data from {0}?", "{0} exports data as CSV or JSON from Settings > Data > Export, up to {1} GB per export."),
        ("limits", "What are the usage limits of {0}?", "{0} allows {1} requests per minute on the standard plan."),
        ("sso", "Does {0} support single sign-on?", "{0} supports SAML single sign-on on the Business plan and above, with up to {1} identity providers."),
        ("outage", "Is {0} down right now?", "The {0} status page lists incidents; support replies within {1} minutes during an outage."),
        ("invoice", "Where do I find invoices for {0}?", "{0} invoices are under Billing > Invoices and are kept for {1} months."),
        ("delete", "How do I delete my {0} account?", "Deleting a {0} account takes effect after a {1}-day grace period."),
    ];

    public KnowledgeBase(int seed = 12)
    {
        var random = new Random(seed);
        var documents = new List<KbDocument>();
        var number = 1;
        foreach (var product in Products)
        {
            foreach (var (topic, _, fact) in Templates)
            {
                var value = random.Next(2, 90).ToString(CultureInfo.InvariantCulture);
                var text = string.Format(CultureInfo.InvariantCulture, fact, product, value);
                documents.Add(new KbDocument($"kb-{number++:D4}", $"{product}/{topic}", text + " " + Filler(random), text));
            }
        }

        Documents = documents;
    }

    public IReadOnlyList<KbDocument> Documents { get; }

    /// <summary>The question a user asks about a document's topic.</summary>
    public static string QuestionFor(KbDocument document)
    {
        var slash = document.Topic.IndexOf('/', StringComparison.Ordinal);
        var product = document.Topic[..slash];
        var topic = document.Topic[(slash + 1)..];
        var template = Templates.First(t => t.Topic == topic).Question;
        return string.Format(CultureInfo.InvariantCulture, template, product);
    }

    private static string Filler(Random random)
    {
        string[] sentences =
        [
            "Administrators can change this in the admin console.",
            "The behaviour is the same on the web and in the desktop app.",
            "Contact support if the option is missing from your account.",
            "This applies to all regions except where local law requires otherwise.",
            "Changes are recorded in the audit log.",
        ];
        return string.Join(' ', Enumerable.Range(0, 2).Select(_ => sentences[random.Next(sentences.Length)]));
    }
}
