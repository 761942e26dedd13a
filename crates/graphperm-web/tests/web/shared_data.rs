//! Facts from the shared upstream data (../shared/graph-data): the seed page's elements,
//! with description prose redacted from snapshots.

use axum::http::StatusCode;
use graphperm_core::model::Scheme;

use crate::support::{fragment, get, shared, text_of};

const SEED: &str = "/permission/APIConnectors.ReadWrite.All";

#[tokio::test]
async fn seed_permission_header_and_details() {
    let html = get(&shared(), SEED).await.text();
    let header = text_of(fragment(&html, r#"<ul class="badges""#, "</ul>"));
    insta::assert_snapshot!(header, @"Delegated work Application Read/Write All resources Admin consent · Delegated work Admin consent · Application Privilege 3/5 · Medium");
    assert!(html.contains(
        r#"Permission data: <time datetime="2026-08-03T17:43:07Z">August 3, 2026 at 5:43 PM UTC</time>"#
    ));
    for action in ["Export JSON", "Export CSV", "Copy URL", "Print", "Delegated access", "App-only access"] {
        assert!(html.contains(action), "{action}");
    }
    let ids: Vec<&str> =
        html.match_indices("class=\"guid\">").map(|(at, _)| &html[at + 13..at + 49]).collect();
    insta::assert_debug_snapshot!(ids, @r#"
    [
        "c67b52c5-7c69-48b6-9d48-7b3af3ded914",
        "1dfe531a-24a6-4f1b-80f4-7a0dc5a0a171",
    ]
    "#);
}

#[tokio::test]
async fn seed_permission_methods_in_four_tabs() {
    let html = get(&shared(), SEED).await.text();
    let tabs = text_of(fragment(&html, r#"<nav class="tabs""#, "</nav>"));
    insta::assert_snapshot!(tabs, @"API v1.0 6 API beta 0 PowerShell v1.0 6 PowerShell beta 0");
    let v1 = text_of(fragment(&html, r#"data-panel="v1""#, "</table>"));
    insta::assert_snapshot!("seed_v1_methods", v1);
    let beta_page = get(&shared(), &format!("{SEED}?tab=beta")).await.text();
    let beta = text_of(fragment(&beta_page, r#"data-panel="beta""#, "</table>"));
    insta::assert_snapshot!("seed_beta_methods", beta);
    let powershell_page = get(&shared(), &format!("{SEED}?tab=ps-beta")).await.text();
    let powershell = text_of(fragment(&powershell_page, r#"data-panel="ps-beta""#, "</table>"));
    insta::assert_snapshot!("seed_powershell_beta_methods", powershell);
}

#[tokio::test]
async fn seed_permission_resources_and_related() {
    let html = get(&shared(), SEED).await.text();
    let names: Vec<String> = html
        .match_indices(r#"<h3 class="resource-title">"#)
        .map(|(at, _)| text_of(fragment(&html[at..], "<h3", "</h3>")))
        .collect();
    insta::assert_debug_snapshot!("seed_resources", names);
    let others = text_of(fragment(&html, "<h3>Other resource types</h3>", "</ul>"));
    insta::assert_snapshot!(others, @"Other resource types apiAuthenticationConfigurationBase basicAuthentication clientCertificateAuthentication pkcs12Certificate pkcs12CertificateInformation");
    assert!(html.contains("&#34;authenticationConfiguration&#34;: {"));
    assert!(html.contains("View resource documentation"));
    let related = text_of(fragment(&html, r#"id="related-title""#, "</table>"));
    assert!(related.contains("APIConnectors.Read.All"), "{related}");
}

#[tokio::test]
async fn seed_json_and_csv_are_the_cli_bytes() {
    let state = shared();
    let permission = state.catalogue.permission("APIConnectors.ReadWrite.All").unwrap();
    let view = graphperm_views::permission::permission_view(&state.engine, permission, None, true);
    let mut expected = serde_json::to_vec_pretty(&view).unwrap();
    expected.push(b'\n');
    assert_eq!(get(&state, &format!("{SEED}.json")).await.body, expected);
    let csv = graphperm_views::permission::permission_csv(&view);
    assert_eq!(get(&state, &format!("{SEED}.csv")).await.text(), csv);
}

#[tokio::test]
async fn api_permission_facts() {
    let reply = get(&shared(), "/api/v1/permission/apiconnectors.readwrite.all").await;
    assert_eq!(reply.status, StatusCode::OK);
    insta::assert_json_snapshot!("api_seed_permission", reply.json(), {
        ".schemes.*.adminDescription" => "[prose]",
        ".schemes.*.userDescription" => "[prose]",
        ".resources" => "[resources]",
    });
}

#[tokio::test]
async fn search_api_finds_user_read_first() {
    let reply = get(&shared(), "/api/v1/search?q=user.read&limit=5").await;
    let results = reply.json()["results"].clone();
    assert_eq!(results[0]["label"], "User.Read");
    assert_eq!(results[0]["url"], "/permission/User.Read");
    assert_eq!(reply.header("cache-control"), "public, max-age=300");
}

/// Issue 12: the API the palette reads finds verb-first queries ("send mail") and gives
/// every hit its badges: schemes, consent and level of a permission, the least
/// privileged permission per scheme of an endpoint.
#[tokio::test]
async fn search_api_hits_carry_badges_and_verb_first_queries_find_the_permission() {
    let reply = get(&shared(), "/api/v1/search?q=send%20mail&limit=30").await;
    let results = reply.json()["results"].as_array().cloned().unwrap_or_default();
    let find = |label: &str| results.iter().find(|hit| hit["label"] == label).cloned();
    let labels = |hit: &serde_json::Value| -> Vec<String> {
        hit["badges"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|badge| badge["label"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let permission = find("Mail.Send").expect("Mail.Send among the hits");
    let badges = labels(&permission);
    // Beside Application (which always needs an administrator) the consent badge says
    // it is the delegated scheme users consent to.
    for expected in ["Delegated work", "Application", "User consent · delegated"] {
        assert!(badges.iter().any(|label| label == expected), "{expected} missing from {badges:?}");
    }
    assert!(badges.iter().any(|label| label.starts_with("Privilege ")), "{badges:?}");
    let endpoint = find("POST /me/sendMail").expect("POST /me/sendMail among the hits");
    assert_eq!(endpoint["summary"], "user: sendMail");
    // App-only access never calls /me, whatever permissions.json lists for it.
    assert_eq!(labels(&endpoint), ["Delegated: Mail.Send"]);
}

#[tokio::test]
async fn calculator_with_three_calls() {
    let html = get(&shared(), "/least?calls=GET%20/me%0AGET%20/users%0APOST%20/groups").await.text();
    let result = text_of(fragment(&html, r#"<div class="cards">"#, "</section>\n  </div>"));
    insta::assert_snapshot!("least_three_calls", result);
}

/// Issue 10: the data checks at `/lint`, each with file and entry, and the endpoint
/// page's "data notes" count linking there.
#[tokio::test]
async fn lint_page_and_endpoint_data_notes() {
    let html = get(&shared(), "/lint?check=placeholder").await.text();
    assert!(html.contains("permissions.Calendars.ReadBasic.schemes.Application"), "{html}");
    assert!(html.contains("permissions/new/permissions.json"));
    let endpoint = get(&shared(), "/endpoint?method=GET&path=/organization").await.text();
    assert!(endpoint.contains("Data notes:"), "no data note on GET /organization");
}

/// Issue #13: where provisioningInfo.json and the descriptions file give different GUIDs,
/// the page shows both, each with its source (the JSON keeps them in `idCandidates`).
#[tokio::test]
async fn disagreeing_guids_are_both_shown_with_their_sources() {
    let html = get(&shared(), "/permission/Contacts-OnPremisesSyncBehavior.ReadWrite.All").await.text();
    let cards = text_of(fragment(&html, r#"<div class="cards">"#, "</article>"));
    for shown in [
        "c8948c23-e66b-42db-83fd-770b71ab78d2 Copy from Microsoft&#39;s provisioning data",
        "Other ID 1a997f7e-17c6-44c3-adc4-996e0712c777 from Microsoft&#39;s permission descriptions — the sources disagree",
    ] {
        assert!(cards.contains(shown), "{shown} in {cards}");
    }
}

/// Issue #12, answer first: User.Read opens with `GET /me`, its code example is `GET /me`
/// and its resource in full is `user`; the other resource types are links.
#[tokio::test]
async fn user_read_answers_first_with_get_me() {
    let html = get(&shared(), "/permission/User.Read").await.text();
    let rows = crate::permission_pages::method_rows(&html);
    assert_eq!((rows[0].method.as_str(), rows[0].label.as_str()), ("GET", "/me"), "{:?}", &rows[..3]);
    let example = text_of(fragment(&html, r#"<section class="sample-set">"#, "</h3>"));
    assert!(example.starts_with("GET /me "), "{example}");
    let main: Vec<String> = html
        .match_indices(r#"<h3 class="resource-title">"#)
        .map(|(at, _)| text_of(fragment(&html[at..], "<h3", "</h3>")))
        .collect();
    assert_eq!(main.len(), 1, "{main:?}");
    assert!(main[0].starts_with("user v1.0 entity"), "{main:?}");
}

/// A path-root page of a split tab shows that root's rows and points at the main page for
/// the rest, instead of repeating the examples, resources and registration on every root.
#[tokio::test]
async fn path_root_pages_show_their_rows_and_link_to_the_main_page() {
    let state = shared();
    let main = get(&state, "/permission/User.Read").await.text();
    for section in
        [r#"id="code-examples""#, r#"id="resources""#, r#"id="registration""#, r#"id="details-title""#]
    {
        assert!(main.contains(section), "the main page has {section}");
    }
    assert!(!main.contains("compact-note"));
    let root = get(&state, "/permission/User.Read?root=me").await.text();
    for section in
        [r#"id="code-examples""#, r#"id="resources""#, r#"id="registration""#, r#"id="details-title""#]
    {
        assert!(!root.contains(section), "a root page repeats {section}");
    }
    let note = text_of(fragment(&root, r#"<p class="note compact-note">"#, "</p>"));
    insta::assert_snapshot!(note, @"This page lists the rows under one path root. The permission's details, code examples, resources, related permissions and app registration are on its main page .");
    assert!(root.contains(r#"<a href="/permission/User.Read">its main page</a>"#));
    assert!(root.contains(r#"data-method="GET""#) && root.contains(">/me</a>"));
    assert!(root.len() < main.len(), "root {} bytes, main {}", root.len(), main.len());
}

/// Issue #12: the other tabs of a permission (beta, PowerShell) show their rows and point
/// at the main page, like the path-root pages, instead of repeating its sections.
#[tokio::test]
async fn tab_pages_show_their_rows_and_link_to_the_main_page() {
    let state = shared();
    for tab in ["beta", "ps-v1", "ps-beta"] {
        let page = get(&state, &format!("/permission/User.Read?tab={tab}")).await.text();
        for section in
            [r#"id="code-examples""#, r#"id="resources""#, r#"id="registration""#, r#"id="details-title""#]
        {
            assert!(!page.contains(section), "the {tab} tab repeats {section}");
        }
        assert!(page.contains(&format!(r#"data-panel="{tab}""#)), "{tab}");
        assert!(page.contains(r#"<a href="/permission/User.Read">its main page</a>"#), "{tab}");
        assert!(page.contains(r#"data-method="GET""#), "{tab} has rows");
    }
    let page = get(&state, "/permission/User.Read?tab=ps-beta").await.text();
    let note = text_of(fragment(&page, r#"<p class="note compact-note">"#, "</p>"));
    insta::assert_snapshot!(note, @"This page lists the rows of the PowerShell beta tab. The permission's details, code examples, resources, related permissions and app registration are on its main page .");
}

/// A spelling of two permissions' names (they differ only in case) opens neither: the
/// page lookup once took the first, so `/permission/calls.joingroupcallasguest.all`
/// showed one of two permissions with different ids. The 404 offers both.
#[tokio::test]
async fn a_name_two_permissions_share_in_another_case_is_not_guessed() {
    let state = shared();
    let response = get(&state, "/permission/calls.joingroupcallasguest.all").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let page = response.text();
    for name in ["Calls.JoinGroupCallAsGuest.All", "Calls.JoinGroupCallasGuest.All"] {
        assert!(page.contains(&format!("/permission/{name}")), "{name} is not offered");
    }
    let api = get(&state, "/api/v1/permission/calls.joingroupcallasguest.all").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let one = get(&state, "/permission/calls.joingroupcallasguest.ALL").await;
    assert_eq!(one.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&state, "/permission/user.read").await.status, StatusCode::OK);
}

/// permissions.json lists read permissions for `PATCH /me/responsibilities/{id}` (one
/// pathSet for GET, PATCH and DELETE) and app-only grants for it: the endpoint page offers
/// neither, names them apart with the reason, and its app-only card says /me needs a user.
#[tokio::test]
async fn an_endpoint_page_names_the_listed_permissions_it_does_not_offer() {
    let state = shared();
    let page = get(&state, "/endpoint?method=PATCH&path=/me/responsibilities/{id}").await.text();
    let note = text_of(fragment(&page, r#"<p class="note not-offered">"#, "</p>"));
    assert!(note.contains("a read-only permission does not grant a write"), "{note}");
    for read in ["User.Read ", "User.ReadBasic.All", "User.Read.All"] {
        assert!(note.contains(read), "{read} missing from {note}");
    }
    assert!(!note.contains("User.ReadWrite"), "{note}");
    let ranked = fragment(&page, r#"<div class="cards">"#, "</div>");
    assert!(ranked.contains(">User.<wbr>ReadWrite<"), "the write is offered: {ranked}");
    assert!(!ranked.contains(">User.<wbr>Read<"), "a read is offered for a write");
    let send_mail = get(&state, "/endpoint?method=POST&path=/me/sendMail").await.text();
    assert!(send_mail.contains(
        r#"<section class="card" data-groups="application"><h3>Application</h3><p class="note">Not available with this scheme.</p></section>"#
    ));
}

/// A placeholder entry of permissions.json says what it stands for, and the endpoint page
/// of its calls lists it apart from the ranked permissions.
#[tokio::test]
async fn placeholder_entries_are_explained_on_both_pages() {
    let state = shared();
    let page = get(&state, "/permission/Calls.JoinGroupCallasGuest.All").await.text();
    let note = text_of(fragment(&page, r#"<p class="note placeholder-note">"#, "</p>"));
    insta::assert_snapshot!(note, @"The application entry of Calls.JoinGroupCallasGuest.All in permissions.json is a placeholder (no ID, privilege level or consent text): an app is granted these calls by Calls.JoinGroupCallAsGuest.All , which the endpoint pages and least-privilege answers show instead.");
    let orphan = get(&state, "/permission/EduRoster.Write").await.text();
    let note = text_of(fragment(&orphan, r#"<p class="note placeholder-note">"#, "</p>"));
    insta::assert_snapshot!(note, @"The delegated work entry of EduRoster.Write in permissions.json is a placeholder (no ID, privilege level or consent text): no other source (descriptions, provisioning, service principal) knows a permission it could stand for, so endpoint pages list it apart and least-privilege answers never offer it.");
    let endpoint = get(&state, "/endpoint?method=GET&path=/education/me/user").await.text();
    let listed = text_of(fragment(&endpoint, r#"<p class="note placeholders">"#, "</p>"));
    insta::assert_snapshot!(listed, @"Also listed for this call in Microsoft's permissions reference, as placeholder entries that no other source knows (no ID, privilege level or consent text; never offered): EduRoster.Write .");
    let ranked = fragment(&endpoint, r#"<div class="cards">"#, "</div>");
    assert!(!ranked.contains("EduRoster.Write"), "a placeholder is never ranked");
}

/// The "Data notes: N" link of a permission or endpoint page opens exactly the N findings
/// it counts, over every permission and every endpoint with notes (it was a text search:
/// User.Read's 317 notes opened 415 rows, those of User.Read.All included).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_notes_links_open_the_findings_they_count() {
    let state = shared();
    let findings = state.findings();
    let count_of = |html: &str| -> Option<(String, usize)> {
        let at = html.find("Data notes: ")?;
        let href_at = html[..at].rfind("href=\"")? + 6;
        let href = html[href_at..].split('"').next()?.replace("&#38;", "&").replace("&amp;", "&");
        let count = html[at + 12..].split('<').next()?.parse().ok()?;
        Some((href, count))
    };
    let matched = |html: &str| -> usize {
        let heading = fragment(html, r#"<h2 id="findings-title">"#, "</h2>");
        heading
            .rsplit("<span class=\"count\">")
            .next()
            .and_then(|n| n.split('<').next())
            .and_then(|n| n.parse().ok())
            .expect("a findings count")
    };
    let mut checked = 0;
    for permission in &state.catalogue.permissions {
        let expected = findings.for_permission(&permission.name);
        let html = get(&state, &graphperm_views::links::permission_url(&permission.name)).await.text();
        match count_of(&html) {
            None => assert_eq!(expected, 0, "{} shows no data notes", permission.name),
            Some((href, count)) => {
                assert_eq!(count, expected, "{}", permission.name);
                assert_eq!(matched(&get(&state, &href).await.text()), count, "{} → {href}", permission.name);
                checked += 1;
            }
        }
    }
    for (id, endpoint) in state.catalogue.endpoints.iter().enumerate() {
        let expected = findings.for_endpoint(id);
        if expected == 0 {
            continue;
        }
        let html =
            get(&state, &graphperm_views::links::endpoint_url(&endpoint.method, &endpoint.path)).await.text();
        let (href, count) = count_of(&html)
            .unwrap_or_else(|| panic!("{} {} shows its notes", endpoint.method, endpoint.path));
        assert_eq!(count, expected, "{} {}", endpoint.method, endpoint.path);
        assert_eq!(
            matched(&get(&state, &href).await.text()),
            count,
            "{} {} → {href}",
            endpoint.method,
            endpoint.path
        );
        checked += 1;
    }
    assert!(checked > 100, "the shared data has notes on many pages: {checked}");
}

/// `/permissions` said "Admin consent: Required" for User.ReadBasic.All, whose page says
/// a user may consent to the delegated permission: the app role needs an administrator,
/// the scope does not. The index names both.
#[tokio::test]
async fn the_index_says_who_consents_to_each_kind_of_scheme() {
    let html = get(&shared(), "/permissions?q=User.ReadBasic.All").await.text();
    let row = text_of(fragment(&html, "<tbody>", "</tbody>"));
    assert!(row.contains("Delegated: user · Application: admin"), "{row}");
    let page = get(&shared(), "/permission/User.ReadBasic.All").await.text();
    assert!(text_of(fragment(&page, r#"<ul class="badges""#, "</ul>")).contains("User consent"));
    // The level filter offers only the levels some permission has (no 5 in this data).
    let levels = fragment(&html, r#"<select id="filter-level""#, "</select>");
    let offered: Vec<&str> =
        levels.split("<option value=\"").skip(2).filter_map(|rest| rest.split('"').next()).collect();
    let present: std::collections::BTreeSet<String> = shared()
        .catalogue
        .permissions
        .iter()
        .filter_map(|p| p.max_privilege_level())
        .map(|l| l.to_string())
        .collect();
    assert_eq!(offered, present.iter().map(String::as_str).collect::<Vec<_>>());
}

/// The consent and level filters read the schemes the scheme filter selects:
/// `scheme=delegated&level=4` listed Calendars.Read (delegated level 2, application 4),
/// and `consent=user&scheme=application` listed user-consentable delegated permissions.
/// Checked for every combination over every permission of the shared data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn index_filters_read_the_selected_schemes() {
    let state = shared();
    let calendars = get(&state, "/api/v1/permissions?scheme=delegated&level=4").await.json();
    let names: Vec<&str> =
        calendars["permissions"].as_array().unwrap().iter().filter_map(|row| row["name"].as_str()).collect();
    assert!(!names.contains(&"Calendars.Read"), "{names:?}");
    for (scheme, kinds) in [
        ("delegated", vec![Scheme::DelegatedWork, Scheme::DelegatedPersonal]),
        ("application", vec![Scheme::Application]),
        ("", vec![Scheme::DelegatedWork, Scheme::DelegatedPersonal, Scheme::Application]),
    ] {
        for level in 1..=5u8 {
            let listed =
                get(&state, &format!("/api/v1/permissions?scheme={scheme}&level={level}")).await.json();
            let listed: std::collections::BTreeSet<String> = listed["permissions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    assert_eq!(row["privilegeLevel"], level, "{scheme} {level}: {row}");
                    row["name"].as_str().unwrap().to_string()
                })
                .collect();
            let expected: std::collections::BTreeSet<String> = state
                .catalogue
                .permissions
                .iter()
                .filter(|p| {
                    kinds
                        .iter()
                        .filter_map(|kind| p.scheme(*kind))
                        .filter_map(|info| info.privilege_level)
                        .max()
                        == Some(level)
                })
                .map(|p| p.name.clone())
                .collect();
            assert_eq!(listed, expected, "scheme={scheme}&level={level}");
        }
    }
    let none = get(&state, "/api/v1/permissions?consent=user&scheme=application").await.json();
    assert_eq!(none["count"], 0, "{none}");
    let user = get(&state, "/api/v1/permissions?consent=user&scheme=delegated").await.json();
    assert!(user["count"].as_u64().unwrap() > 0);
    let admin_apps = get(&state, "/api/v1/permissions?consent=admin&scheme=application").await.json();
    // A placeholder Application entry (Calendars.ReadBasic) is no application permission.
    let with_application = state
        .catalogue
        .permissions
        .iter()
        .filter(|p| p.scheme(Scheme::Application).is_some_and(|info| !info.is_placeholder()))
        .count();
    assert_eq!(admin_apps["count"], with_application);
    // `consent=user` reads the delegated levels: `consent=user&level=4` listed nine
    // permissions whose level 4 is their application access (Calendars.Read).
    for level in 1..=5u8 {
        let listed = get(&state, &format!("/api/v1/permissions?consent=user&level={level}")).await.json();
        for row in listed["permissions"].as_array().unwrap() {
            let permission = state.catalogue.permission(row["name"].as_str().unwrap()).unwrap();
            let delegated = [Scheme::DelegatedWork, Scheme::DelegatedPersonal]
                .into_iter()
                .filter_map(|kind| permission.scheme(kind))
                .filter_map(|info| info.privilege_level)
                .max();
            assert_eq!(delegated, Some(level), "consent=user&level={level}: {row}");
        }
    }
    let calendars = get(&state, "/api/v1/permissions?q=Calendars.ReadBasic").await.json();
    let row =
        calendars["permissions"].as_array().unwrap().iter().find(|row| row["name"] == "Calendars.ReadBasic");
    assert!(!row.unwrap()["schemes"].as_array().unwrap().iter().any(|s| s == "Application"), "{calendars}");
}

/// Related permissions compare the ranking's levels (monotone within a family): the
/// data gives DeviceManagementConfiguration.ReadWrite.All 3 and its Read.All 4, and the
/// Read.All page called the ReadWrite "less" privileged. Checked for every Read/ReadWrite
/// pair of the shared data that lists the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_permissions_never_call_a_write_less_privileged_than_its_read() {
    let state = shared();
    let relation = |page: &str, other: &str| {
        let permission = state.catalogue.permission(page).unwrap();
        graphperm_views::permission::permission_view(&state.engine, permission, None, true)
            .related
            .into_iter()
            .find(|row| row.name == other)
            .map(|row| row.relation)
    };
    assert_eq!(
        relation("DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"),
        Some("same")
    );
    let mut pairs = 0;
    for permission in &state.catalogue.permissions {
        let write = permission.name.as_str();
        let read = write.replacen(".ReadWrite", ".Read", 1);
        if read == write || state.catalogue.permission(&read).is_none() {
            continue;
        }
        if let Some(seen) = relation(&read, write) {
            pairs += 1;
            assert_ne!(seen, "less", "{write} on {read}'s page");
        }
        if let Some(seen) = relation(write, &read) {
            assert_ne!(seen, "more", "{read} on {write}'s page");
        }
    }
    assert!(pairs > 100, "{pairs}");
}

/// `/changes` without history names every file the data came from with its upstream
/// date: it left out provisioningInfo.json (the GUIDs) and gave no file a date. Each
/// listed file's date is the sync manifest's.
#[tokio::test]
async fn changes_lists_every_source_file_with_its_date() {
    let state = shared();
    let html = get(&state, "/changes").await.text();
    let list = fragment(&html, r#"<ul class="link-list sources">"#, "</ul>");
    let dates = graphperm_core::data_dir::manifest_file_dates(&state.catalogue.data_dir).unwrap();
    let items: Vec<&str> = list.split("<li>").skip(1).collect();
    assert!(items.len() >= 4, "{list}");
    for item in &items {
        let path = item.split(r#"class="path""#).nth(1).and_then(|rest| rest.split('>').nth(1)).unwrap();
        let path = path.split('<').next().unwrap();
        // The manifest's date where it lists the file (this copy's manifest lists some
        // files only); no date is made up for the others.
        match dates.get(path) {
            Some(date) => assert!(item.contains(&format!(r#"<time datetime="{date}">"#)), "{item}"),
            None => assert!(!item.contains("<time"), "{item}"),
        }
    }
    assert!(list.contains("permissions/new/provisioningInfo.json"), "{list}");
    assert!(list.contains("clean_beta_metadata/"), "{list}");
    // Links go to the commit the data came from, not the branch head.
    let urls = graphperm_core::data_dir::manifest_file_urls(&state.catalogue.data_dir).unwrap();
    let raw = &urls["microsoft-graph-devx-content/permissions/new/permissions.json"];
    let commit = raw.split('/').nth(5).unwrap();
    assert!(
        list.contains(&format!(
            "https://github.com/microsoftgraph/microsoft-graph-devx-content/blob/{commit}/permissions/new/permissions.json"
        )),
        "{list}"
    );
    assert!(list.contains("permissions-descriptions_de-DE.json"), "{list}");
}

/// The search page showed the 15 best of each kind with no way to the rest: each cut
/// group links to its own page, which lists every hit of that kind.
#[tokio::test]
async fn search_groups_link_to_all_their_hits() {
    let state = shared();
    let count = |group: &str| -> usize {
        text_of(fragment(group, r#"<span class="count">"#, "</span>"))
            .trim()
            .replace([',', '+'], "")
            .parse()
            .unwrap()
    };
    let html = get(&state, "/search?q=mail").await.text();
    let group = fragment(&html, r#"id="endpoints""#, "</section>");
    assert!(count(group) > 15, "{group}");
    assert_eq!(group.matches("<li>").count(), 15);
    assert!(
        group.contains(r#"<a href="/search?q=mail&#38;kind=endpoint#endpoints">Show all Endpoints"#),
        "{group}"
    );
    // The kind's page asks the index for more: `POST /me/sendMail` was missing from a
    // "Show all 75" that listed the best 75 endpoints among 400 hits of every kind.
    let all = get(&state, "/search?q=mail&kind=endpoint").await.text();
    assert!(!all.contains(r#"id="permissions""#));
    let group = fragment(&all, r#"id="endpoints""#, "</section>");
    assert!(count(group) > 75, "{group}");
    assert_eq!(group.matches("<li>").count(), count(group).min(500), "{group}");
    assert!(group.contains("/me/<mark>"), "{group}");
    assert!(group.contains("sendMail") || group.contains("send<mark>"), "{group}");
    assert!(group.contains(r#"<a href="/search?q=mail">All kinds of results</a>"#), "{group}");
}

/// An app-only `/me` call was "not possible" with no reason and no way out: its notes say
/// why and name the same call on `/users/{id}` with its least-privileged permission.
#[tokio::test]
async fn the_calculator_says_what_app_only_can_call_instead_of_me() {
    let state = shared();
    let html = get(&state, "/least?calls=GET%20/me/messages&scheme=application").await.text();
    let calls = text_of(fragment(&html, "<h2>Calls</h2>", "</table>"));
    assert!(calls.contains("Application: /me needs a signed-in user"), "{calls}");
    // Said once: the reason does not also point to /users/{id} when the note names the call.
    assert!(!calls.contains("(use /users/{id})"), "{calls}");
    // No requested scheme can make it: the Status column does not say "matched".
    assert!(calls.contains("1 GET /me/messages not possible /me/messages"), "{calls}");
    let api = get(&state, "/api/v1/least?calls=GET%20/me/messages&scheme=application").await.json();
    let as_users = &api["calls"][0]["asUsers"];
    let template = as_users["template"].as_str().unwrap();
    assert!(template.starts_with("/users/"), "{api}");
    let least: Vec<&str> = as_users["application"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|candidate| candidate["leastFlag"] == true)
        .filter_map(|candidate| candidate["name"].as_str())
        .collect();
    assert!(!least.is_empty());
    assert!(
        calls.contains(&format!(
            "App-only, call GET {template} instead: {} (least privileged).",
            least.join(" or ")
        )),
        "{calls}"
    );
}

/// Two types named `userIdentity` (`microsoft.graph` and `microsoft.graph.callRecords`)
/// shared one resource page and User.Read listed the link twice; each type has its own
/// page, and no permission page lists a resource twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_of_two_namespaces_keep_two_pages() {
    let state = shared();
    let nested = get(&state, "/resource/v1.0/callRecords.userIdentity").await.text();
    assert!(nested.contains("<code>microsoft.graph.callRecords.userIdentity</code>"));
    // Its Learn page is the namespace's, and the page neither links to itself nor says
    // how "a permission" reaches it (it listed "addressed by its endpoints" over
    // "Endpoints 0").
    assert!(nested.contains("/graph/api/resources/callrecords-useridentity?view=graph-rest-1.0"), "{nested}");
    assert!(!nested.contains(r#"href="/resource/v1.0/callRecords.userIdentity""#));
    assert!(!nested.contains("addressed by its endpoints"));
    let plain = get(&state, "/resource/v1.0/userIdentity").await.text();
    assert!(plain.contains("<code>microsoft.graph.userIdentity</code>"));
    for permission in &state.catalogue.permissions {
        let html = get(&state, &graphperm_views::links::permission_url(&permission.name)).await.text();
        let Some(section) = html.split(r#"id="resources-title""#).nth(1) else { continue };
        let section = section.split("</section>").next().unwrap_or_default();
        let Some(section) = section.split("<h3>Other resource types</h3>").nth(1) else { continue };
        let mut seen = std::collections::BTreeSet::new();
        for link in section.split("<li><a href=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            assert!(seen.insert(link), "{} lists {link} twice", permission.name);
        }
    }
}

/// `/api/v1/endpoint` ranked the raw file entries itself: it offered Mail.Send app-only for
/// `POST /me/sendMail` and User.Read as least for `PATCH /me/responsibilities/{id}`, where
/// the endpoint page (the one ranking) says otherwise. It now answers the one ranking.
#[tokio::test]
async fn the_endpoint_api_answers_the_one_ranking() {
    let names = |json: &serde_json::Value, scheme: &str| -> Vec<(String, bool)> {
        json["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["scheme"] == scheme)
            .map(|entry| {
                entry["permissions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        (p["name"].as_str().unwrap().to_string(), p["leastPrivilege"].as_bool().unwrap())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let send = get(&shared(), "/api/v1/endpoint?method=POST&path=/me/sendMail").await.json();
    assert!(names(&send, "Application").is_empty(), "{send}");
    assert_eq!(names(&send, "DelegatedWork").first(), Some(&("Mail.Send".to_string(), true)));
    let patch = get(&shared(), "/api/v1/endpoint?method=PATCH&path=/me/responsibilities/{id}").await.json();
    let work = names(&patch, "DelegatedWork");
    assert_eq!(work.first(), Some(&("User.ReadWrite".to_string(), true)), "{patch}");
    assert!(!work.iter().any(|(name, _)| name == "User.Read"), "{patch}");
}

/// The permission JSON (API, `/permission/X.json`, `show`, exports) listed the schemes and
/// `least=` markers of permissions.json: Application for `POST /me/sendMail` (Mail.Send)
/// and DelegatedWork for `PATCH /me/responsibilities/{id}` (User.Read), which the pages and
/// the calculator never offer. Over every permission: no `/me` endpoint lists Application,
/// least flags are among the offered schemes, and what is listed but never offered is
/// named in `notOffered`; the page's row says "Never offered".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_permission_json_says_what_the_ranking_offers() {
    let state = shared();
    let mail = get(&state, "/api/v1/permission/Mail.Send").await.json();
    let send = mail["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["method"] == "POST" && e["path"] == "/me/sendMail")
        .unwrap();
    assert!(!send["schemes"].as_array().unwrap().iter().any(|s| s == "Application"), "{send}");
    assert_eq!(send["notOffered"], serde_json::json!(["Application"]), "{send}");
    let user_read = get(&state, "/api/v1/permission/User.Read").await.json();
    let patch = user_read["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["method"] == "PATCH" && e["path"].as_str().unwrap().starts_with("/me/responsibilities/"))
        .unwrap();
    assert_eq!(patch["schemes"], serde_json::json!([]), "{patch}");
    assert!(patch["notOffered"].as_array().unwrap().iter().any(|s| s == "DelegatedWork"), "{patch}");
    let page = get(&state, "/permission/User.Read?root=me").await.text();
    let row = page
        .split("<tr")
        .find(|row| row.contains(">PATCH<") && row.contains("/me/responsibilities/"))
        .unwrap();
    assert!(row.contains("Never offered"), "{row}");
    for permission in &state.catalogue.permissions {
        let view = graphperm_views::permission::permission_view(&state.engine, permission, None, false);
        for endpoint in &view.endpoints {
            let me = endpoint.path == "/me" || endpoint.path.starts_with("/me/");
            assert!(
                !(me && endpoint.schemes.contains(&"Application")),
                "{} {} {}",
                permission.name,
                endpoint.method,
                endpoint.path
            );
            assert!(
                endpoint.least_privilege_for.iter().all(|s| endpoint.schemes.contains(s)),
                "{} {}",
                permission.name,
                endpoint.path
            );
            assert!(
                endpoint.not_offered.iter().all(|s| !endpoint.schemes.contains(s)),
                "{} {}",
                permission.name,
                endpoint.path
            );
        }
    }
}

/// The calculator page and `GET /api/v1/least` took "permissions the app holds" but
/// answered without them (`"granted": null`); only the JSON POST compared. Both now say
/// what is missing, in excess and broader than needed.
#[tokio::test]
async fn the_calculator_compares_what_the_app_holds() {
    let query = "calls=GET%20%2Fusers&scheme=application&granted=Directory.ReadWrite.All,User.Read";
    let page = get(&shared(), &format!("/least?{query}")).await.text();
    let held = text_of(fragment(&page, r#"<div class="held">"#, "</div>"));
    assert!(
        held.contains("Broader than needed: Directory.ReadWrite.All (narrower: User.ReadBasic.All)"),
        "{held}"
    );
    assert!(held.contains("Excess (no call needs it): User.Read"), "{held}");
    assert!(
        page.contains("&#34;granted&#34;:[&#34;Directory.ReadWrite.All&#34;,&#34;User.Read&#34;]"),
        "the API body keeps the held permissions"
    );
    let api = get(&shared(), &format!("/api/v1/least?{query}")).await.json();
    let application = &api["granted"]["schemes"]["Application"];
    assert_eq!(application["broader"][0]["granted"], "Directory.ReadWrite.All", "{api}");
    assert_eq!(application["excess"], serde_json::json!(["User.Read"]), "{api}");
}

/// Every GUID a source gives for a scheme is on the permission page: the one shown and,
/// where the sources disagree, each other one beside it, with the `suspicious-guid`
/// verdict when the rule flags it. ShortNotes.Read's personal GUID in provisioningInfo.json
/// (a1f2e3d4-…, typed by hand) was hidden by the merged work/personal card. Over every
/// permission of the data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_guid_of_the_data_is_on_the_permission_page() {
    let state = shared();
    let mut others = 0;
    for permission in &state.catalogue.permissions {
        let html = get(&state, &graphperm_views::links::permission_url(&permission.name)).await.text();
        let cards = fragment(&html, r#"<div class="cards">"#, "</article>");
        for scheme in graphperm_core::model::Scheme::ALL {
            let Some(info) = permission.scheme(scheme) else { continue };
            for (id, _) in &info.id_candidates {
                let context = format!("{} {scheme:?} {id}", permission.name);
                if info.id.as_deref() == Some(id.as_str()) {
                    assert!(cards.contains(&format!(r#"<code class="guid">{id}</code>"#)), "{context}");
                    continue;
                }
                others += 1;
                let shown = format!(r#"<code class="guid-other">{id}</code>"#);
                let at = cards.find(&shown).unwrap_or_else(|| panic!("{context} is not on the page"));
                let entry = &cards[at..cards[at..].find("</dd>").map_or(cards.len(), |end| at + end)];
                if let Some(problem) = graphperm_core::lint::guid_problem(id) {
                    assert!(entry.contains(&format!("This ID {problem}")), "{context}: {entry}");
                }
            }
        }
    }
    assert!(others > 0, "the shared data has disagreeing GUIDs");
    let html = get(&state, "/permission/ShortNotes.Read").await.text();
    let cards = text_of(fragment(&html, r#"<div class="cards">"#, "</article>"));
    assert!(
        cards.contains(
            "Other ID (personal Microsoft account) a1f2e3d4-b5c6-4a7b-8c9d-0e1f2a3b4c5d from Microsoft&#39;s provisioning data — the sources disagree This ID looks typed by hand, not generated"
        ),
        "{cards}"
    );
}

/// Long permission names wrap at their dots in the endpoint page's cards, never inside a
/// word (`…Configuration.Rea` / `dWrite.All` at 390 px).
#[tokio::test]
async fn permission_names_wrap_at_their_dots_on_endpoint_pages() {
    let state = shared();
    let page = get(&state, "/endpoint?method=GET&path=/deviceManagement/managedDevices").await.text();
    let cards = fragment(&page, r#"<div class="cards">"#, "</div>");
    assert!(cards.contains(">DeviceManagementConfiguration.<wbr>ReadWrite.<wbr>All</a>"), "{cards}");
    assert!(!cards.contains(">DeviceManagementConfiguration.ReadWrite.All</a>"), "{cards}");
    // The heading's path wraps after its slashes, the permission page's name at its dots.
    assert!(page.contains(r#"<span class="path">/<wbr>deviceManagement/<wbr>managedDevices</span></h1>"#));
    let permission = get(&state, "/permission/AppQuotaSettings.Read.All").await.text();
    assert!(permission.contains(r#"<h1 class="permission-name">AppQuotaSettings.<wbr>Read.<wbr>All</h1>"#));
}

/// AppQuotaSettings.Read.All has an empty environment in provisioningInfo.json: its card
/// showed a bare "Environment:" badge and a blank privilege cell among its related
/// permissions. No page shows either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_card_shows_an_empty_environment() {
    let state = shared();
    let mut named = 0;
    for permission in &state.catalogue.permissions {
        let html = get(&state, &graphperm_views::links::permission_url(&permission.name)).await.text();
        let cards = fragment(&html, r#"<div class="cards">"#, "</article>");
        named += cards.matches(">Environment: public</li>").count();
        assert!(!cards.contains(">Environment: </li>"), "{}", permission.name);
        // A related permission without a level says so ("—"), as the other cells do.
        assert!(!html.contains(r#"<td data-label="Privilege"></td>"#), "{}", permission.name);
    }
    assert!(named > 100, "{named}");
    let html = get(&state, "/permission/AppQuotaSettings.Read.All").await.text();
    let cards = fragment(&html, r#"<div class="cards">"#, "</article>");
    assert!(!cards.contains(">Environment:"), "{cards}");
}

/// A path missing from the schema says so once above its samples: the note stood under
/// each of the nine languages of the set.
#[tokio::test]
async fn the_schema_note_of_a_sample_set_is_said_once() {
    let state = shared();
    let page = get(
        &state,
        "/endpoint?method=PATCH&path=/devicemanagement/userexperienceanalyticsresourceperformance/{id}",
    )
    .await
    .text();
    let samples = fragment(&page, r#"<div class="samples" data-samples>"#, "</section>");
    assert_eq!(samples.matches("This path is not in the v1.0 schema").count(), 1, "{samples}");
    assert!(samples.matches(r#"<div class="sample" "#).count() >= 9);
    let resolved = get(&state, "/endpoint?method=GET&path=/me").await.text();
    assert!(!resolved.contains("This path is not in the"));
}

/// The page's summary says what the permission allows per kind of scheme: Mail.Send's
/// only line was the application text ("send mail as any user without a signed-in user")
/// on a permission users consent to for themselves. Over every permission: each kind the
/// permission has with a description is said, in its own line when the texts differ.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_says_what_each_kind_of_scheme_allows() {
    let state = shared();
    let page = get(&state, "/permission/Mail.Send").await.text();
    let header = fragment(&page, r#"<header class="page-header">"#, "</header>");
    assert!(
        header.contains(
            r#"<p class="summary" data-groups="delegated"><span class="summary-kind">Delegated:</span> "#
        ),
        "{header}"
    );
    assert!(
        header.contains(
            r#"<p class="summary" data-groups="application"><span class="summary-kind">Application:</span> "#
        ),
        "{header}"
    );
    let mut both = 0;
    for permission in &state.catalogue.permissions {
        let html = get(&state, &graphperm_views::links::permission_url(&permission.name)).await.text();
        let header = fragment(&html, r#"<header class="page-header">"#, "</header>");
        let shown = html_escape::decode_html_entities(&text_of(header)).into_owned();
        let description = |delegated: bool| {
            Scheme::ALL
                .into_iter()
                .filter(|scheme| scheme.is_delegated() == delegated && !permission.is_placeholder(*scheme))
                .filter_map(|scheme| permission.schemes.get(&scheme))
                .find_map(|info| info.texts.admin_description.clone().filter(|text| !text.trim().is_empty()))
        };
        let (delegated, application) = (description(true), description(false));
        for text in delegated.iter().chain(application.iter()) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(shown.contains(&text), "{}: {text:?} missing from {shown}", permission.name);
        }
        if delegated.is_some() && application.is_some() && delegated != application {
            both += 1;
            assert_eq!(header.matches(r#"<span class="summary-kind">"#).count(), 2, "{}", permission.name);
        }
    }
    assert!(both > 100, "{both}");
}

/// A caveat of the data (disabled, a suspicious GUID) stands before the steps it affects:
/// a disabled permission's card led with the portal steps and warned only after them. Over
/// every permission's registration cards; at least one disabled permission is in the data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_caveats_come_before_the_steps() {
    let state = shared();
    let mut disabled = 0;
    for permission in &state.catalogue.permissions {
        let html = get(&state, &graphperm_views::links::permission_url(&permission.name)).await.text();
        let Some(from) = html.find(r#"<section class="section" id="registration""#) else {
            continue;
        };
        for card in html[from..].split(r#"<section class="card""#).skip(1) {
            let steps = card.find(r#"<ol class="steps">"#).expect("every card has steps");
            for (at, _) in card.match_indices("registration-note") {
                assert!(at < steps, "{}: a caveat after the steps", permission.name);
            }
            if card[..steps].contains("is marked as disabled") {
                disabled += 1;
            }
        }
    }
    assert!(disabled > 0, "no disabled permission's card was checked");
}

/// The endpoint page says how it ranks, and a level the ranking lifts within a family is
/// marked: the Application card of GET /deviceManagement/managedDevices listed
/// DeviceManagementConfiguration.Read.All at 4/5 above writes at 3/5 under "least
/// privileged first" with nothing saying why.
#[tokio::test]
async fn the_endpoint_page_says_how_it_ranks() {
    let state = shared();
    let page = get(&state, "/endpoint?method=GET&path=/deviceManagement/managedDevices").await.text();
    let section = fragment(&page, r#"<h2 id="grants-title">"#, r#"id="versions-title""#);
    assert!(section.contains("then access (read before write), then privilege level"), "{section}");
    let application = fragment(section, r#"<h3>Application</h3>"#, "</section>");
    let lifted = fragment(application, ">DeviceManagementConfiguration.<wbr>ReadWrite.<wbr>All</a>", "</li>");
    assert!(lifted.contains("Privilege 3/5"), "{lifted}");
    assert!(lifted.contains("ranked as 4/5"), "{lifted}");
}

/// Sites.Selected alone reaches no site: its page said users consent and listed its five
/// calls, and never that each site has to be granted to the app first.
#[tokio::test]
async fn a_selected_permission_says_it_reaches_nothing_until_granted() {
    let state = shared();
    let page = get(&state, "/permission/Sites.Selected").await.text();
    let header = text_of(fragment(&page, r#"<header class="page-header">"#, "</header>"));
    assert!(header.contains("Sites.Selected alone reaches nothing"), "{header}");
    assert!(header.contains("POST /sites/{site-id}/permissions"), "{header}");
    let other = get(&state, "/permission/Sites.Read.All").await.text();
    assert!(!other.contains("selected-note"));
}

/// A tier-0 permission in the calculator's set is marked (the API said `tierZero: true`,
/// the page nothing): POST /oauth2PermissionGrants has only tier-0 candidates.
#[tokio::test]
async fn the_calculator_marks_a_tier_zero_permission() {
    let state = shared();
    let html = get(&state, "/least?calls=POST%20/oauth2PermissionGrants&scheme=DelegatedWork").await.text();
    let cards = fragment(&html, r#"<div class="cards">"#, "</ul>");
    assert!(
        cards.contains(r#"<span class="badge badge-warn" title="Control of the whole tenant"#),
        "{cards}"
    );
    let narrow = get(&state, "/least?calls=GET%20/me&scheme=DelegatedWork").await.text();
    assert!(!fragment(&narrow, r#"<div class="cards">"#, "</ul>").contains(">Tier 0<"));
}

/// Related permissions compare levels over the schemes both have: User.Read's page said
/// Device.ReadWrite.All (application only) was "more privileged (4 vs 2 · delegated work,
/// delegated personal, application)", comparing an application level with a delegated
/// one; and "equally privileged" claimed more than equal levels. Over every permission's
/// related rows: a comparison names only schemes both permissions have.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_permissions_compare_only_schemes_both_have() {
    let state = shared();
    let mut compared = 0;
    for permission in &state.catalogue.permissions {
        let view = graphperm_views::permission::permission_view(&state.engine, permission, None, true);
        for related in &view.related {
            let Some(other) = state.catalogue.permission(&related.name) else { continue };
            match &related.compared {
                Some(compared_with) => {
                    compared += 1;
                    for scheme in &compared_with.schemes {
                        let scheme = Scheme::parse(scheme).expect("a scheme name");
                        assert!(
                            state
                                .engine
                                .rank_level(state.catalogue.permission_id(&permission.name).unwrap(), scheme)
                                .is_some()
                                && state
                                    .engine
                                    .rank_level(state.catalogue.permission_id(&other.name).unwrap(), scheme)
                                    .is_some(),
                            "{} vs {}: {scheme:?}",
                            permission.name,
                            other.name
                        );
                    }
                }
                None => assert_eq!(related.relation, "unknown", "{} vs {}", permission.name, other.name),
            }
        }
    }
    assert!(compared > 1000, "{compared}");
    let page = get(&state, "/permission/User.Read").await.text();
    let related = fragment(&page, r#"aria-labelledby="related-title""#, "</table>");
    assert!(!related.contains("equally privileged"), "{related}");
    let device = fragment(related, ">Device.<wbr>ReadWrite.<wbr>All</a>", "</tr>");
    assert!(!device.contains("privileged"), "no scheme in common: {device}");
}
