using System.Globalization;
using System.Text.Json;

namespace Vigil.Simulator.Application.Requests;

/// <summary>
/// <c>extract-invoice</c>: structured output. The input is an invoice as text; a right answer is the
/// JSON of its fields, valid against <see cref="Schema"/>; a wrong one has a wrong value; a
/// hallucinated one breaks the schema (a field missing or of the wrong type).
/// </summary>
public static class ExtractionRequest
{
    /// <summary>The JSON Schema the output must validate against (draft 2020-12).</summary>
    public const string Schema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
         "required":["invoice_number","vendor","date","currency","total","line_items"],
         "properties":{"invoice_number":{"type":"string"},"vendor":{"type":"string"},"date":{"type":"string","format":"date"},
           "currency":{"type":"string","pattern":"^[A-Z]{3}$"},"total":{"type":"number"},
           "line_items":{"type":"array","items":{"type":"object","required":["description","quantity","unit_price"],
             "properties":{"description":{"type":"string"},"quantity":{"type":"integer"},"unit_price":{"type":"number"}}}}}}
        """;

    private static readonly string[] Vendors = ["Globex GmbH", "Initech Ltd", "Umbrella SA", "Hooli Inc", "Stark Supplies"];
    private static readonly string[] Items = ["consulting hours", "cloud storage", "support plan", "laptop", "license seat", "travel"];
    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "JPY"];

    public static DateTimeOffset Run(RequestContext ctx, string root, DateTimeOffset start, string? shiftedInput)
    {
        var invoice = NewInvoice(ctx);
        var text = shiftedInput ?? InvoiceText(invoice);
        var system = SystemPrompts.For(ctx.Feature.Name, ctx.Release.Prompt);
        ctx.Spans[0].Set("vigil.output.schema", "invoice-v1");
        var result = Calls.Chat(ctx, root, start, system, "Invoice:\n" + text, (_, model, effects) =>
        {
            var quality = model.Quality - ctx.Release.ModelQualityDrop - ctx.Release.Prompt.QualityDrop - effects.QualityDrop;
            if (ctx.Chance(effects.RefusalRate))
            {
                return "I'm sorry, I can't process this document.";
            }

            var answer = new Dictionary<string, object>(invoice);
            if (ctx.Chance(effects.HallucinationRate) || shiftedInput is not null)
            {
                answer.Remove(ctx.Chance(0.5) ? "total" : "date");
                answer["currency"] = "euros";
            }
            else if (!ctx.Chance(quality))
            {
                answer["total"] = Math.Round((double)invoice["total"] * 1.1, 2);
            }

            return JsonSerializer.Serialize(answer);
        });

        if (shiftedInput is null && ctx.Chance(0.1))
        {
            ctx.Spans[0].Set("vigil.reference", JsonSerializer.Serialize(invoice));
        }

        return result.End;
    }

    private static Dictionary<string, object> NewInvoice(RequestContext ctx)
    {
        var lines = Enumerable.Range(0, ctx.Random.Next(1, 4)).Select(_ => new Dictionary<string, object>
        {
            ["description"] = Items[ctx.Random.Next(Items.Length)],
            ["quantity"] = ctx.Random.Next(1, 20),
            ["unit_price"] = Math.Round(10 + (ctx.Random.NextDouble() * 490), 2),
        }).ToList();
        return new Dictionary<string, object>
        {
            ["invoice_number"] = $"INV-{ctx.Random.Next(10000, 99999)}",
            ["vendor"] = Vendors[ctx.Random.Next(Vendors.Length)],
            ["date"] = ctx.Start.AddDays(-ctx.Random.Next(1, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = Currencies[ctx.Random.Next(Currencies.Length)],
            ["total"] = Math.Round(lines.Sum(l => (int)l["quantity"] * (double)l["unit_price"]), 2),
            ["line_items"] = lines,
        };
    }

    private static string InvoiceText(Dictionary<string, object> invoice)
    {
        var lines = (List<Dictionary<string, object>>)invoice["line_items"];
        return string.Create(CultureInfo.InvariantCulture,
            $"Invoice {invoice["invoice_number"]} from {invoice["vendor"]}, dated {invoice["date"]}.\n") +
            string.Join("\n", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"- {l["description"]}: {l["quantity"]} x {l["unit_price"]:F2}"))) +
            string.Create(CultureInfo.InvariantCulture, $"\nTotal due: {invoice["total"]:F2} {invoice["currency"]}.");
    }
}
