//! The small pages (home, cmdlet, endpoint, resource, search, changes, 404): fragment
//! snapshots of what each page is for, plus invariants over the fixture and the shared
//! data. Whole pages are not snapshotted: a reviewer reads every line of these.

use axum::http::StatusCode;

use crate::support::{fixture, fragment, get, shared, text_of};

/// The text of search results, highlights joined back into their words.
fn plain(html: &str) -> String {
    text_of(&html.replace("<mark>", "").replace("</mark>", ""))
}

/// The heading levels of a page in document order (`<h2` → 2).
fn heading_levels(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(at, _)| {
            let level = *html.as_bytes().get(at + 2)?;
            let after = *html.as_bytes().get(at + 3)?;
            (level.is_ascii_digit() && (after == b'>' || after == b' ')).then(|| level - b'0')
        })
        .collect()
}

/// No heading is more than one level below the one before it, and the page has one h1.
#[track_caller]
fn assert_no_skipped_heading(uri: &str, html: &str) {
    let levels = heading_levels(html);
    assert_eq!(levels.iter().filter(|level| **level == 1).count(), 1, "{uri}: {levels:?}");
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "{uri}: heading h{} follows h{} in {levels:?}", pair[1], pair[0]);
    }
}

#[tokio::test]
async fn home_lists_the_highest_level_present_and_links_to_the_same_list() {
    for state in [fixture(), shared()] {
        let html = get(&state, "/").await.text();
        let top = state.catalogue.permissions.iter().filter_map(|p| p.max_privilege_level()).max().unwrap();
        let link = format!(r#"href="/permissions?level={top}""#);
        assert!(html.contains(&link), "home links to {link}");
        let table = fragment(&html, r#"<h2 id="top-title""#, "</table>");
        let rows = table.matches("<tr><td>").count();
        assert!(rows > 0, "the most privileged table has rows");
        let index = get(&state, &format!("/permissions?level={top}")).await.text();
        assert!(!index.contains("No permission matches."), "the link opens a non-empty list");
        // Every listed permission is on the linked index page (it lists 100 per page).
        for (at, start) in table.match_indices(r#"<tr><td><a href=""#) {
            let href = &table[at + start.len()..];
            let href = &href[..href.find('"').unwrap()];
            assert!(index.contains(&format!(r#"href="{href}""#)), "{href} is on the index at level {top}");
        }
    }
}

/// "Most privileged" opened with DeviceManagementConfiguration.Read.All (a Read granting
/// 1,055 endpoints) and put Directory.ReadWrite.All fourth: the tier-0 permissions of the
/// top level come first, each marked.
#[tokio::test]
async fn home_puts_tier_zero_permissions_first() {
    use graphperm_core::least::order::is_tier_zero;
    let state = shared();
    let html = get(&state, "/").await.text();
    let table = fragment(&html, r#"<h2 id="top-title""#, "</table>");
    let names: Vec<&str> = table
        .split(r#"<tr><td><a href="/permission/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let top = state.catalogue.permissions.iter().filter_map(|p| p.max_privilege_level()).max();
    let tier_zero_at_top = state
        .catalogue
        .permissions
        .iter()
        .filter(|p| is_tier_zero(&p.name) && p.max_privilege_level() == top)
        .count();
    assert!(tier_zero_at_top > 0);
    let leading = names.iter().take_while(|name| is_tier_zero(name)).count();
    assert_eq!(leading, tier_zero_at_top.min(names.len()), "{names:?}");
    assert!(names.iter().skip(leading).all(|name| !is_tier_zero(name)), "{names:?}");
    assert_eq!(table.matches(">Tier 0</span>").count(), leading);
    // Every tier-0 permission of the data is named, whatever its level (three are level 3).
    let list = fragment(&html, r#"<ul class="inline-list tier-zero">"#, "</ul>");
    for name in graphperm_core::least::order::TIER_ZERO {
        if state.catalogue.permission(name).is_some_and(|p| p.name == name) {
            assert!(list.contains(&format!(">{name}</a>")), "{name} in {list}");
        }
    }
}

#[tokio::test]
async fn home_has_one_search_box_and_formatted_counts() {
    let html = get(&shared(), "/").await.text();
    assert_eq!(html.matches(r#"type="search""#).count(), 1, "one search box");
    // The consent=user list holds permissions whose application scheme needs an
    // administrator: the link says it is about delegated consent ("No admin consent
    // needed" was not true of them).
    assert!(html.contains(r#"<a href="/permissions?consent=user">Delegated: users can consent</a>"#));
    assert!(!html.contains("No admin consent needed"));
    let stats = text_of(fragment(&html, r#"<section class="stats""#, "</section>"));
    let counts: Vec<&str> =
        stats.split_whitespace().filter(|word| word.starts_with(|c: char| c.is_ascii_digit())).collect();
    assert_eq!(counts.len(), 4, "{stats}");
    for count in counts {
        let digits = count.replace(',', "");
        let number: usize = digits.parse().unwrap_or_else(|_| panic!("{count} is a number"));
        if number >= 1000 {
            assert!(count.contains(','), "{count} has a thousands separator");
        }
        assert_eq!(count, graphperm_web::pages::thousands(number));
    }
    // A count links only to the list of what it counts: there is a permissions index,
    // no endpoint or cmdlet list (the endpoint count linked to permissions that have
    // endpoints, the cmdlet count to a search for "Get-Mg").
    let section = fragment(&html, r#"<section class="stats""#, "</section>");
    let links: Vec<&str> =
        section.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert_eq!(links, ["/permissions"], "{section}");
}

#[tokio::test]
async fn cmdlet_page_heading_module_learn_and_connect_line() {
    let html = get(&fixture(), "/cmdlet/Get-MgWidget").await.text();
    let header = text_of(fragment(&html, r#"<header class="page-header">"#, "</header>"));
    insta::assert_snapshot!(header, @"Microsoft Graph PowerShell cmdlet Get-MgWidget List widgets Module Microsoft.Graph.Widgets · Get-MgWidget on Microsoft Learn");
    let connect = text_of(fragment(&html, r#"<h2 id="connect-title""#, "</section>"));
    insta::assert_snapshot!(connect, @"Sign in with the least permission Copy Connect-MgGraph -Scopes &#34;Widget.Read.All&#34; App-only (no signed-in user): the app needs Widget.Read.All (Application), then Connect-MgGraph -ClientId … -TenantId … -CertificateThumbprint … .");
    assert!(html.contains(r#"<h1 class="cmdlet-title">Get-MgWidget</h1>"#));
    assert!(!html.contains("data folder"), "no developer wording");
}

/// Issue #12: a cmdlet page names the least privileged permission of each call per
/// scheme and links to the endpoint page for the full ranking, instead of repeating the
/// endpoint page's grant cards.
#[tokio::test]
async fn cmdlet_page_names_the_least_permission_of_each_call() {
    let html = get(&shared(), "/cmdlet/Get-MgIdentityApiConnector").await.text();
    assert_eq!(html.matches(r#"<h2 class="call-title">"#).count(), 2, "two calls");
    assert!(!html.contains(r#"<ol class="grant-list">"#), "no ranking repeated");
    let call = fragment(&html, r#"<section class="section" id="call-2">"#, "</section>");
    insta::assert_snapshot!(text_of(call), @"v1.0 GET /identity/apiConnectors/{identityApiConnector-id} Get identityApiConnector Delegated work APIConnectors.ReadWrite.All Least privileged Delegated personal Not available with this scheme Application APIConnectors.ReadWrite.All Least privileged Every permission that grants this call, least privileged first and with its privilege level, is on its endpoint page .");
    // The ranking is on the page the call's title links to.
    let endpoint = call
        .split(r#"<a class="path" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the call's link");
    assert!(call.contains(&format!(r#"<a href="{endpoint}">its endpoint page</a>"#)), "{call}");
}

#[tokio::test]
async fn cmdlet_pages_of_the_shared_data_offer_a_connect_line() {
    let state = shared();
    for name in ["Get-MgIdentityApiConnector", "Send-MgUserMail", "Get-MgUser"] {
        let html = get(&state, &format!("/cmdlet/{name}")).await.text();
        let connect = text_of(fragment(&html, r#"<h2 id="connect-title""#, "</code>")).replace("&#34;", "\"");
        let scopes = connect.split("-Scopes ").nth(1).unwrap_or_else(|| panic!("{name}: {connect}"));
        // Each scope is least privileged (delegated, work or school) for one of its calls.
        for scope in scopes.split(',') {
            let scope = scope.trim().trim_matches('"');
            let permission = state.catalogue.permission(scope).unwrap_or_else(|| panic!("{name}: {scope}"));
            let least = state.catalogue.cmdlet_endpoints(name).iter().any(|(_, endpoint)| {
                permission.grants.iter().any(|grant| {
                    grant.endpoint == *endpoint
                        && grant.is_least_for(graphperm_core::model::Scheme::DelegatedWork)
                })
            });
            assert!(least, "{name}: {scope} is least privileged for one of its endpoints");
        }
        assert!(html.contains("https://learn.microsoft.com/powershell/module/"), "{name}");
        assert!(!html.contains("data folder"), "{name}: no developer wording");
    }
}

#[tokio::test]
async fn endpoint_page_summary_operation_column_and_learn_link() {
    let html = get(&fixture(), "/endpoint?method=POST&path=/widgets/{id}/upload").await.text();
    let header = text_of(fragment(&html, r#"<header class="page-header">"#, "</header>"));
    insta::assert_snapshot!(header, @"Endpoint POST /widgets/{widget-id}/upload widget: upload Find the method on Microsoft Learn Microsoft's permissions reference writes it as /widgets/{id}/upload");
    let versions = text_of(fragment(&html, r#"<table class="versions stack">"#, "</table>"));
    insta::assert_snapshot!(versions, @"Version Path Resource Operation Learn v1.0 /widgets/{widget-id}/upload widget widget: upload Resource docs beta /widgets/{id}/upload not in the beta schema —");
}

#[tokio::test]
async fn endpoint_pages_of_the_shared_data_name_their_operation() {
    let state = shared();
    for (uri, expected) in [
        ("/endpoint?method=POST&path=/me/sendMail", "user: sendMail"),
        ("/endpoint?method=GET&path=/identity/apiConnectors", "List identityApiConnectors"),
        ("/endpoint?method=GET&path=/users/{id}", "Get user"),
        ("/endpoint?method=DELETE&path=/groups/{id}", "Delete group"),
        (
            "/endpoint?method=POST&path=/identity/apiConnectors/{id}/uploadClientCertificate",
            "identityApiConnector: uploadClientCertificate",
        ),
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        let html = reply.text();
        let table = text_of(fragment(&html, r#"<table class="versions stack">"#, "</table>"));
        assert!(table.contains(expected), "{uri}: {table}");
        assert!(html.contains(r#"<p class="lead">"#), "{uri} has a summary line");
        assert!(html.contains("learn.microsoft.com"), "{uri} links to Learn");
    }
}

#[tokio::test]
async fn resource_pages_skip_no_heading_level() {
    for (state, uri) in [
        (fixture(), "/resource/v1.0/widget"),
        (shared(), "/resource/v1.0/user"),
        (shared(), "/resource/beta/identityApiConnector"),
    ] {
        let html = get(&state, uri).await.text();
        assert_no_skipped_heading(uri, &html);
    }
    for uri in ["/", "/permissions", "/cmdlet/Get-MgWidget", "/search?q=widget", "/changes", "/nothing"] {
        let html = get(&fixture(), uri).await.text();
        assert_no_skipped_heading(uri, &html);
    }
}

#[tokio::test]
async fn resource_page_endpoints_have_operations() {
    let html = get(&fixture(), "/resource/v1.0/widget").await.text();
    let endpoints = text_of(fragment(&html, r#"<h2 id="endpoints-title""#, "</table>"));
    insta::assert_snapshot!(endpoints, @"Endpoints 10 Method Path Operation GET /me/widgets List widgets GET /widgets List widgets POST /widgets Create widget PATCH /widgets Update widget DELETE /widgets Delete widget GET /widgets/{widget-id} Get widget POST /widgets/{widget-id} Create widget PATCH /widgets/{widget-id} Update widget DELETE /widgets/{widget-id} Delete widget POST /widgets/{widget-id}/upload widget: upload");
}

#[tokio::test]
async fn index_page_dates_are_machine_readable() {
    let html = get(&fixture(), "/permissions").await.text();
    assert!(
        html.contains(r#"<time datetime="2026-04-06T04:06:00Z">April 6, 2026 at 4:06 AM UTC</time>"#),
        "{html}"
    );
    assert!(!html.contains("<time>"));
}

#[tokio::test]
async fn changes_page_without_history_shows_the_data_date_and_sources() {
    let html = get(&fixture(), "/changes").await.text();
    let current = text_of(fragment(&html, r#"<h2 id="current-title""#, "</section>"));
    insta::assert_snapshot!(current, @"The data shown Permission data of April 6, 2026 at 4:06 AM UTC , from these files of Microsoft's public repositories: Permissions and the endpoints they grant: microsoft-graph-devx-content/permissions/new/permissions.json · April 6, 2026 at 4:06 AM UTC Permission GUIDs and where they are deployed: microsoft-graph-devx-content/permissions/new/provisioningInfo.json Consent texts: microsoft-graph-devx-content/permissions/permissions-descriptions.json Translated consent texts: microsoft-graph-devx-content/permissions/permissions-descriptions_de-DE.json Microsoft Graph v1.0 schema: msgraph-metadata/clean_v10_metadata/cleanMetadataWithDescriptionsv1.0.xml PowerShell cmdlet map: msgraph-sdk-powershell/src/Authentication/Authentication/custom/common/MgCommandMetadata.json No earlier data to compare with yet: each graphperm sync that brings new data adds an entry here, newest first.");
    assert!(html.contains(
        "https://github.com/microsoftgraph/microsoft-graph-devx-content/blob/dev/permissions/new/permissions.json"
    ));
}

#[tokio::test]
async fn not_found_suggests_only_near_names() {
    let state = fixture();
    let page = get(&state, "/permission/Widget.Reed.All").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let suggestions = text_of(fragment(&page.text(), "<h2>Did you mean</h2>", "</ul>"));
    insta::assert_snapshot!(suggestions, @"Did you mean Widget.Read.All");
    for uri in ["/some/page", "/permission/Completely.Different", "/cmdlet/Remove-MgEverything"] {
        let html = get(&state, uri).await.text();
        assert!(!html.contains("Did you mean"), "{uri} suggests nothing");
    }
    let cmdlet = get(&state, "/cmdlet/Get-MgWidgett").await.text();
    assert!(cmdlet.contains(r#"<a href="/cmdlet/Get-MgWidget">Get-MgWidget</a>"#), "{cmdlet}");
    let shared_state = shared();
    let user = get(&shared_state, "/permission/User.Reed").await.text();
    let names = text_of(fragment(&user, r#"<ul class="link-list suggestions">"#, "</ul>"));
    assert!(names.split_whitespace().any(|name| name == "User.Read"), "{names}");
    for name in names.split_whitespace() {
        assert!(strsim::damerau_levenshtein("user.reed", &name.to_lowercase()) <= 2, "{name} is near");
    }
}

#[tokio::test]
async fn search_groups_every_kind_with_badges() {
    let html = get(&fixture(), "/search?q=widget").await.text();
    let kinds = text_of(fragment(&html, r#"<nav class="search-kinds""#, "</nav>"));
    insta::assert_snapshot!(kinds, @"Permissions 3 Endpoints 11 PowerShell cmdlets 14 Resource types 4");
    let permissions = plain(fragment(&html, r#"<h2 id="permissions-title""#, "</section>"));
    insta::assert_snapshot!(permissions, @"Permissions 3 Widget.Read Read your widgets Delegated work Delegated personal User consent Privilege 1/5 · Minimal Least privileged for 1 Widget.Read.All Read all widgets Delegated work Application User consent · delegated Privilege 2/5 · Low Least privileged for 3 Widget.ReadWrite.All Read and write all widgets Delegated work Application Admin consent Privilege 3/5 · Medium Least privileged for 8");
}

#[tokio::test]
async fn search_for_send_mail_finds_the_endpoint_and_the_permission() {
    let state = shared();
    for query in ["send%20mail", "%2Fme%2FsendMail"] {
        let html = get(&state, &format!("/search?q={query}")).await.text();
        let endpoints = plain(fragment(&html, r#"<h2 id="endpoints-title""#, "</section>"));
        let expected = "POST /me/sendMail user: sendMail Delegated: Mail.Send";
        assert!(endpoints.contains(expected), "{query}: {endpoints}");
        assert!(!endpoints.contains(&format!("{expected} Application")), "{query}: {endpoints}");
    }
    let html = get(&state, "/search?q=send%20mail").await.text();
    let permissions = plain(fragment(&html, r#"<h2 id="permissions-title""#, "</section>"));
    // "Permissions <count> Mail.Send …": the permission comes first.
    assert_eq!(permissions.split_whitespace().nth(2), Some("Mail.Send"), "{permissions}");
    let mail = get(&state, "/search?q=mail").await.text();
    for group in ["permissions", "endpoints", "cmdlets", "resources"] {
        assert!(mail.contains(&format!(r#"id="{group}-title""#)), "mail finds {group}");
    }
}

/// Without the SDK's command map the module is unknown and the Learn link is a search:
/// it says so ("Get-MgUser on Microsoft Learn" opened a search page).
#[tokio::test]
async fn a_learn_search_is_labelled_as_one() {
    let html = get(&shared(), "/cmdlet/Get-MgUser").await.text();
    let header = fragment(&html, r#"<header class="page-header">"#, "</header>");
    assert!(header.contains("powershell/module/?term=Get-MgUser"), "{header}");
    assert!(header.contains(">Search Microsoft Learn for Get-MgUser</a>"), "{header}");
    assert!(!header.contains("Get-MgUser on Microsoft Learn"), "{header}");
}
