//! Temporary exploration.
use super::support::engine;
use graphperm_core::Scheme;

#[test]
fn smoke() {
    let engine = engine();
    for call in [
        "GET /me",
        "GET /me/messages",
        "GET /users/x/messages",
        "POST /groups/x/members/$ref",
        "GET /organization/x/settings",
        "GET /users/delta()",
        "GET /reports/getOffice365ActiveUserDetail(period='D7')",
        "GET /me/drive/root:/a/b.txt:/content",
        "DELETE /groups/a/members/b/$ref",
        "GET /usres/x",
    ] {
        let (m, u) = call.split_once(' ').unwrap();
        let r = engine.resolve(m, u, "t", &Scheme::ALL);
        println!(
            "{call} -> {:?} {:?} notes={:?} sugg={:?} unsup={:?}",
            r.status,
            r.template,
            r.notes,
            r.suggestions,
            r.unsupported.keys().collect::<Vec<_>>()
        );
        for (s, c) in &r.candidates {
            println!(
                "   {s}: {}",
                c.iter()
                    .take(4)
                    .map(|c| format!(
                        "{}{}:{:?}",
                        engine.permission_name(c.permission),
                        if c.least { "*" } else { "" },
                        c.privilege_level
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
}
