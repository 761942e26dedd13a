//! Suggestions for a call no template matches: the templates nearest to it, from the
//! deepest node its path reaches, compared by edit distance on what follows.

use super::{MAX_STEPS, Matcher, pattern_cost};

impl<T> Matcher<T> {
    /// Up to `limit` templates near `segments`, best first (for unmatched calls).
    pub fn suggest(&self, method: &str, segments: &[String], limit: usize) -> Vec<usize> {
        let method = method.to_ascii_uppercase();
        let (deepest_node, consumed) = self.deepest(segments);
        let mut roots = vec![deepest_node];
        if let Some(next) = segments.get(consumed) {
            let node = &self.nodes[deepest_node];
            let mut near: Vec<(usize, usize)> =
                node.literal.iter().map(|(text, &child)| (edit_distance(text, next), child)).collect();
            near.sort();
            roots = near.iter().take(3).map(|&(_, child)| child).collect();
            roots.extend(node.placeholder);
            roots.extend(node.patterns.iter().map(|(_, child)| *child));
            if roots.is_empty() {
                roots.push(deepest_node);
            }
        }
        // Breadth first, so the shortest continuations come first; bounded, so an
        // unmatched call costs microseconds.
        let mut found = Vec::new();
        let mut queue: std::collections::VecDeque<usize> = roots.into();
        while let Some(node) = queue.pop_front() {
            if found.len() >= 48 {
                break;
            }
            let node = &self.nodes[node];
            found.extend(node.terminal.iter().map(|(_, template)| *template));
            queue.extend(node.literal.values().copied());
            queue.extend(node.patterns.iter().map(|(_, child)| *child));
            queue.extend(node.placeholder);
            queue.extend(node.multi.iter().map(|(_, child)| *child));
        }
        // Compare what follows the matched prefix, where the call and the template differ.
        let wanted = segments[consumed.min(segments.len())..].join("/");
        let mut scored: Vec<(usize, bool, usize)> = found
            .into_iter()
            .map(|template| {
                let entry = &self.templates[template];
                let rest: Vec<&str> = entry.raw.split('/').filter(|s| !s.is_empty()).skip(consumed).collect();
                let text = rest.join("/").to_lowercase();
                (edit_distance(&text, &wanted), entry.method != method, template)
            })
            .collect();
        scored.sort();
        scored.dedup_by_key(|(_, _, template)| *template);
        scored.into_iter().take(limit).map(|(_, _, template)| template).collect()
    }

    /// The node reached by the longest prefix of `segments` that matches, and how many
    /// segments that prefix holds.
    fn deepest(&self, segments: &[String]) -> (usize, usize) {
        let mut best = (0, 0);
        let mut steps = 0;
        self.deepest_from(0, segments, 0, &mut best, &mut steps);
        best
    }

    fn deepest_from(
        &self,
        node: usize,
        segments: &[String],
        consumed: usize,
        best: &mut (usize, usize),
        steps: &mut usize,
    ) {
        *steps += 1;
        if *steps > MAX_STEPS {
            return;
        }
        if consumed > best.1 {
            *best = (node, consumed);
        }
        let Some(segment) = segments.get(consumed) else {
            return;
        };
        let here = &self.nodes[node];
        *steps += pattern_cost(here, segment);
        for child in self.children(here, segment) {
            self.deepest_from(child, segments, consumed + 1, best, steps);
        }
    }
}

/// Levenshtein distance over characters (`strsim`), capped at 40 characters of each side
/// so that suggestions stay cheap.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(first_chars(a, 40), first_chars(b, 40))
}

/// The first `count` characters of `text`.
fn first_chars(text: &str, count: usize) -> &str {
    text.char_indices().nth(count).map_or(text, |(end, _)| &text[..end])
}
