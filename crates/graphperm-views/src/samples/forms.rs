//! How each typed SDK writes a primitive value and the element type of a list of them,
//! side by side in one table per question so the languages are read together.

use std::borrow::Cow;

use super::code::Code;
use super::{Language, Primitive, quote};

/// A primitive value as code: the import it needs, and the expression where `{q}`
/// stands for the value as a string literal and `{t}` for its bare text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Form {
    pub(crate) import: Option<&'static str>,
    template: Cow<'static, str>,
}

impl Form {
    /// The expression for `text`, quoting it with `quote` where the form wants a literal.
    pub(crate) fn write(&self, text: &str, quote: impl Fn(&str) -> String) -> String {
        if let Some((before, after)) = self.template.split_once("{q}") {
            format!("{before}{}{after}", quote(text))
        } else if let Some((before, after)) = self.template.split_once("{t}") {
            format!("{before}{text}{after}")
        } else {
            self.template.to_string()
        }
    }
}

const fn bare(template: &'static str) -> Form {
    Form { import: None, template: Cow::Borrowed(template) }
}

const fn with(import: &'static str, template: &'static str) -> Form {
    Form { import: Some(import), template: Cow::Borrowed(template) }
}

/// Go's Kiota date and duration types, parsed inline (their parsers return two values).
fn kiota_go(kiota_type: &str) -> Form {
    Form {
        import: Some("\"github.com/microsoft/kiota-abstractions-go/serialization\""),
        template: Cow::Owned(format!(
            "func() *serialization.{kiota_type} {{ v, _ := serialization.Parse{kiota_type}({{q}}); return v }}()"
        )),
    }
}

/// A primitive value in a typed SDK language as an expression, its import recorded.
pub(crate) fn expression(code: &mut Code<'_>, language: Language, kind: Primitive, text: &str) -> String {
    let form = primitive(language, kind);
    code.import_each(form.import);
    let quote = match language {
        Language::CSharp => quote::csharp,
        Language::Go => quote::go,
        Language::Java => quote::java,
        Language::Php => quote::php,
        _ => quote::python,
    };
    form.write(text, quote)
}

/// The form of a primitive value in a typed SDK language (C#, Go, Java, PHP, Python).
pub(crate) fn primitive(language: Language, kind: Primitive) -> Form {
    use Language::{CSharp, Go, Java, Php, Python};
    match (kind, language) {
        (Primitive::String, _) | (Primitive::Guid, Php) => bare("{q}"),
        (Primitive::Boolean, _) | (Primitive::Int32, CSharp | Java | Php | Python) => bare("{t}"),
        (Primitive::Int64 | Primitive::Double, Php | Python) => bare("{t}"),
        (Primitive::Int32, _) => bare("int32({t})"),
        (Primitive::Int64, Go) => bare("int64({t})"),
        (Primitive::Int64, _) => bare("{t}L"),
        (Primitive::Double, Go) => bare("float64({t})"),
        (Primitive::Double, _) => bare("{t}d"),
        (Primitive::DateTimeOffset, CSharp) => bare("DateTimeOffset.Parse({q})"),
        (Primitive::DateTimeOffset, Go) => {
            with("\"time\"", "func() time.Time { t, _ := time.Parse(time.RFC3339, {q}); return t }()")
        }
        (Primitive::DateTimeOffset, Java) => with("java.time.OffsetDateTime", "OffsetDateTime.parse({q})"),
        (Primitive::DateTimeOffset, Php) => bare("new \\DateTime({q})"),
        (Primitive::DateTimeOffset, _) => {
            with("from datetime import datetime", "datetime.fromisoformat({q})")
        }
        (Primitive::Date, CSharp) => with("Microsoft.Kiota.Abstractions", "new Date(DateTime.Parse({q}))"),
        (Primitive::Date, Go) => kiota_go("DateOnly"),
        (Primitive::Date, Java) => with("java.time.LocalDate", "LocalDate.parse({q})"),
        (Primitive::Date, Php) => with("Microsoft\\Kiota\\Abstractions\\Types\\Date", "new Date({q})"),
        (Primitive::Date, _) => with("from datetime import date", "date.fromisoformat({q})"),
        (Primitive::TimeOfDay, CSharp) => {
            with("Microsoft.Kiota.Abstractions", "new Time(DateTime.Parse({q}))")
        }
        (Primitive::TimeOfDay, Go) => kiota_go("TimeOnly"),
        (Primitive::TimeOfDay, Java) => with("java.time.LocalTime", "LocalTime.parse({q})"),
        (Primitive::TimeOfDay, Php) => with("Microsoft\\Kiota\\Abstractions\\Types\\Time", "new Time({q})"),
        (Primitive::TimeOfDay, _) => with("from datetime import time", "time.fromisoformat({q})"),
        (Primitive::Duration, CSharp) => bare("System.Xml.XmlConvert.ToTimeSpan({q})"),
        (Primitive::Duration, Go) => kiota_go("ISODuration"),
        (Primitive::Duration, Java) => {
            with("com.microsoft.kiota.PeriodAndDuration", "PeriodAndDuration.parse({q})")
        }
        (Primitive::Duration, Php) => bare("new \\DateInterval({q})"),
        (Primitive::Duration, _) => with("from datetime import timedelta", "timedelta(hours = 1)"),
        (Primitive::Guid, CSharp) => bare("Guid.Parse({q})"),
        (Primitive::Guid, Go) => with("\"github.com/google/uuid\"", "uuid.MustParse({q})"),
        (Primitive::Guid, Java) => with("java.util.UUID", "UUID.fromString({q})"),
        (Primitive::Guid, _) => with("from uuid import UUID", "UUID({q})"),
        (Primitive::Binary, CSharp) => bare("Convert.FromBase64String({q})"),
        (Primitive::Binary, Go) => bare("[]byte({q})"),
        (Primitive::Binary, Java) => with("java.util.Base64", "Base64.getDecoder().decode({q})"),
        (Primitive::Binary, Php) => bare("\\GuzzleHttp\\Psr7\\Utils::streamFor(base64_decode({q}))"),
        (Primitive::Binary, _) => with("import base64", "base64.b64decode({q})"),
    }
}

/// The element type a typed list of a primitive is declared with in C#, Go and Java
/// (other languages' lists are untyped: the C# form).
pub(crate) fn list_type(language: Language, kind: Primitive) -> &'static str {
    let [csharp, go, java] = match kind {
        Primitive::String => ["string", "string", "String"],
        Primitive::Boolean => ["bool?", "bool", "Boolean"],
        Primitive::Int32 => ["int?", "int32", "Integer"],
        Primitive::Int64 => ["long?", "int64", "Long"],
        Primitive::Double => ["double?", "float64", "Double"],
        Primitive::DateTimeOffset => ["DateTimeOffset?", "time.Time", "OffsetDateTime"],
        Primitive::Date => ["Date?", "*serialization.DateOnly", "LocalDate"],
        Primitive::TimeOfDay => ["Time?", "*serialization.TimeOnly", "LocalTime"],
        Primitive::Duration => ["TimeSpan?", "*serialization.ISODuration", "PeriodAndDuration"],
        Primitive::Guid => ["Guid?", "uuid.UUID", "UUID"],
        Primitive::Binary => ["byte[]", "[]byte", "byte[]"],
    };
    match language {
        Language::Go => go,
        Language::Java => java,
        _ => csharp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_quote_or_keep_the_text() {
        let quote = |text: &str| format!("<{text}>");
        assert_eq!(primitive(Language::Java, Primitive::Int64).write("1", quote), "1L");
        assert_eq!(primitive(Language::Go, Primitive::Int32).write("{q}", quote), "int32({q})");
        assert_eq!(primitive(Language::Php, Primitive::Guid).write("{t}", quote), "<{t}>");
        assert_eq!(
            primitive(Language::Python, Primitive::Duration).write("PT1H", quote),
            "timedelta(hours = 1)"
        );
        assert_eq!(primitive(Language::Java, Primitive::Date).import, Some("java.time.LocalDate"));
        assert_eq!(list_type(Language::Go, Primitive::Double), "float64");
    }
}
