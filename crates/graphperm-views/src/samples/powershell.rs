//! Microsoft Graph PowerShell: the endpoint's cmdlet with `-XxxId` key parameters and
//! `-BodyParameter $params`, or `Invoke-MgGraphRequest` when no cmdlet is known.

use super::code::{Code, LiteralStyle};
use super::{Request, Step, Value, quote};

/// Hashtables and arrays, a tab deep, strings single-quoted (no `$` expansion).
const STYLE: LiteralStyle =
    LiteralStyle::new(["@{", "}", "@(", ")"], ["", " = "], quote::powershell, ["$false", "$true"]);

pub fn render(request: &Request<'_>) -> String {
    let mut text = String::new();
    if let Some(module) = request.cmdlet.and_then(|cmdlet| cmdlet.module.as_deref()) {
        text.push_str(&format!("Import-Module {}\n\n", quote::identifier_path(module)));
    }
    if let Some(body) = &request.body {
        let mut code = Code::new(request, "", &[], "\t");
        code.literal(&Value::Object(body.clone()), &STYLE);
        text.push_str(&format!("$params = {}\n\n", code.take_expression()));
    }
    match request.cmdlet {
        Some(cmdlet) => {
            // The SDK has no `/me` cmdlets: `/me/…` is the `/users/{user-id}/…` cmdlet, whose
            // -UserId is mandatory (without it Get-MgUser lists every user).
            let me = matches!(request.steps.first(), Some(Step::Navigation { name }) if name.eq_ignore_ascii_case("me"));
            if me {
                text.push_str("# The signed-in user: their id or user principal name.\n");
            }
            text.push_str(&quote::identifier_path(&cmdlet.name));
            if me {
                text.push_str(" -UserId $userId");
            }
            for step in &request.steps {
                match step {
                    Step::Key { entity, .. } => {
                        let name = quote::pascal(entity);
                        text.push_str(&format!(" -{name}Id ${}Id", quote::camel(entity)));
                    }
                    Step::Function { parameters, .. } => {
                        for (parameter, _) in parameters {
                            text.push_str(&format!(
                                " -{} ${}",
                                quote::pascal(parameter),
                                quote::camel(parameter)
                            ));
                        }
                    }
                    _ => {}
                }
            }
            if request.body.is_some() {
                text.push_str(" -BodyParameter $params");
            }
            if request.stream_body {
                text.push_str(&format!(" -InFile {}", quote::powershell(super::UPLOAD_FILE)));
            }
        }
        None => {
            text.push_str(&format!(
                "Invoke-MgGraphRequest -Method {} -Uri {}",
                request.method,
                quote::powershell(&request.url())
            ));
            if request.body.is_some() {
                text.push_str(" -Body $params");
            }
            if request.stream_body {
                text.push_str(&format!(" -InputFilePath {}", quote::powershell(super::UPLOAD_FILE)));
            }
        }
    }
    text.push('\n');
    text
}
