//! Exact minimum-weight set cover by branch and bound: which permissions together cover
//! every call at the lowest cost.
//!
//! The problem is small after reduction even for large inputs: calls are deduplicated by
//! their candidate sets, a call whose candidates include all of another call's candidates
//! is dropped (covering the other covers it), sets dominated by a cheaper superset are
//! dropped, and independent groups of calls are solved apart. The search branches on the
//! call with the fewest candidates and prunes with a lower bound from calls that share no
//! candidate. The search starts from the weighted greedy cover, so it always has an
//! answer at least that good; a work budget (elements scanned) keeps worst cases within
//! milliseconds, and the answer then says it is the best found rather than proven optimal.

use std::collections::HashMap;

/// Work allowed per independent group (elements scanned by the search) before settling
/// for the best cover found: a few milliseconds.
pub const DEFAULT_NODE_BUDGET: usize = 4_000_000;

/// The cover chosen for a set of elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// Chosen set ids, in the order of their first appearance in the elements' lists.
    pub chosen: Vec<usize>,
    /// Elements (indexes into the input) with no candidate set at all.
    pub uncoverable: Vec<usize>,
    /// False when the work budget ran out before optimality was proven.
    pub optimal: bool,
}

/// Covers every element (`elements[i]` lists the ids of the sets that cover element `i`,
/// most preferred first) with the chosen sets' total `weight` as low as possible. Ties go
/// to the sets listed first.
pub fn solve(elements: &[Vec<usize>], weight: impl Fn(usize) -> u64, budget: usize) -> Cover {
    let mut uncoverable = Vec::new();
    let mut distinct: HashMap<Vec<usize>, ()> = HashMap::new();
    let mut lists: Vec<Vec<usize>> = Vec::new();
    // Rank of each set: position of its first appearance, for stable tie-breaking.
    let mut rank: HashMap<usize, usize> = HashMap::new();
    for (index, candidates) in elements.iter().enumerate() {
        if candidates.is_empty() {
            uncoverable.push(index);
            continue;
        }
        for &set in candidates {
            let next = rank.len();
            rank.entry(set).or_insert(next);
        }
        let mut key = candidates.clone();
        key.sort_unstable();
        key.dedup();
        if distinct.insert(key.clone(), ()).is_none() {
            lists.push(key);
        }
    }
    let lists = drop_supersets(lists);
    let mut chosen = Vec::new();
    let mut optimal = true;
    for component in components(&lists) {
        let group: Vec<&Vec<usize>> = component.iter().map(|&i| &lists[i]).collect();
        let (sets, proven) = solve_component(&group, &weight, &rank, budget);
        optimal &= proven;
        chosen.extend(sets);
    }
    chosen.sort_by_key(|set| rank[set]);
    Cover { chosen, uncoverable, optimal }
}

/// Drops every list that contains all of another list: any cover of the smaller one
/// covers it.
fn drop_supersets(mut lists: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    lists.sort_by_key(Vec::len);
    let mut inverted: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut kept: Vec<Vec<usize>> = Vec::new();
    let mut hits: Vec<usize> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    for list in lists {
        for holder in touched.drain(..) {
            hits[holder] = 0;
        }
        let mut is_superset = false;
        'sets: for set in &list {
            if let Some(holders) = inverted.get(set) {
                for &holder in holders {
                    if hits[holder] == 0 {
                        touched.push(holder);
                    }
                    hits[holder] += 1;
                    if hits[holder] == kept[holder].len() {
                        is_superset = true;
                        break 'sets;
                    }
                }
            }
        }
        if !is_superset {
            let index = kept.len();
            for &set in &list {
                inverted.entry(set).or_default().push(index);
            }
            kept.push(list);
            hits.push(0);
        }
    }
    kept
}

/// Groups of lists connected through shared sets.
fn components(lists: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..lists.len()).collect();
    fn find(parent: &mut [usize], mut node: usize) -> usize {
        while parent[node] != node {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        node
    }
    let mut owner: HashMap<usize, usize> = HashMap::new();
    for (index, list) in lists.iter().enumerate() {
        for &set in list {
            match owner.get(&set) {
                Some(&other) => {
                    let a = find(&mut parent, index);
                    let b = find(&mut parent, other);
                    parent[a] = b;
                }
                None => {
                    owner.insert(set, index);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for index in 0..lists.len() {
        let root = find(&mut parent, index);
        groups.entry(root).or_default().push(index);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort();
    groups
}

struct Search {
    /// Per element: local set indexes, cheapest first.
    element_sets: Vec<Vec<usize>>,
    /// Per local set: the elements it covers.
    set_elements: Vec<Vec<usize>>,
    weights: Vec<u64>,
    min_weight: u64,
    best: Vec<usize>,
    best_weight: u64,
    /// Elements scanned so far: the measure of the budget.
    work: usize,
    budget: usize,
    covered_by: Vec<u32>,
}

fn solve_component(
    lists: &[&Vec<usize>],
    weight: &impl Fn(usize) -> u64,
    rank: &HashMap<usize, usize>,
    budget: usize,
) -> (Vec<usize>, bool) {
    // Local numbering of the sets, in preference order.
    let mut global: Vec<usize> = lists.iter().flat_map(|list| list.iter().copied()).collect();
    global.sort_by_key(|set| rank[set]);
    global.dedup();
    let local: HashMap<usize, usize> = global.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut set_elements: Vec<Vec<usize>> = vec![Vec::new(); global.len()];
    for (element, list) in lists.iter().enumerate() {
        for set in list.iter() {
            set_elements[local[set]].push(element);
        }
    }
    let weights: Vec<u64> = global.iter().map(|&set| weight(set)).collect();
    // A set whose elements another set covers too, at no higher weight, is never needed.
    let dominated: Vec<bool> = (0..global.len())
        .map(|a| {
            (0..global.len()).any(|b| {
                b != a
                    && (weights[b] < weights[a] || (weights[b] == weights[a] && b < a))
                    && is_subset(&set_elements[a], &set_elements[b])
            })
        })
        .collect();
    let mut element_sets: Vec<Vec<usize>> = vec![Vec::new(); lists.len()];
    for (set, elements) in set_elements.iter().enumerate() {
        if dominated[set] {
            continue;
        }
        for &element in elements {
            element_sets[element].push(set);
        }
    }
    for sets in &mut element_sets {
        sets.sort_by_key(|&set| (weights[set], set));
    }
    let min_weight = weights
        .iter()
        .zip(&dominated)
        .filter(|(_, dominated)| !**dominated)
        .map(|(weight, _)| *weight)
        .min()
        .unwrap_or(0);
    let mut search = Search {
        element_sets,
        set_elements,
        weights,
        min_weight,
        best: Vec::new(),
        best_weight: u64::MAX,
        work: 0,
        budget,
        covered_by: vec![0; lists.len()],
    };
    search.greedy_start();
    let mut chosen = Vec::new();
    search.branch(&mut chosen, 0);
    let proven = search.work <= search.budget;
    let sets = search.best.iter().map(|&local| global[local]).collect();
    (sets, proven)
}

impl Search {
    /// A first cover by the weighted greedy rule (the set with the lowest weight per newly
    /// covered element, ties to the earlier set), so pruning starts with a good bound and
    /// an exhausted budget still answers well.
    fn greedy_start(&mut self) {
        let mut covered = vec![false; self.element_sets.len()];
        let mut fresh: Vec<usize> = self.set_elements.iter().map(Vec::len).collect();
        let mut live = vec![false; self.set_elements.len()];
        for sets in &self.element_sets {
            for &set in sets {
                live[set] = true;
            }
        }
        let mut left = self.element_sets.len();
        let mut chosen = Vec::new();
        while left > 0 {
            let best = (0..self.set_elements.len())
                .filter(|&set| live[set] && fresh[set] > 0)
                // weight / fresh, compared without division.
                .min_by(|&a, &b| {
                    (u128::from(self.weights[a]) * fresh[b] as u128)
                        .cmp(&(u128::from(self.weights[b]) * fresh[a] as u128))
                        .then(a.cmp(&b))
                });
            let Some(set) = best else {
                break;
            };
            chosen.push(set);
            for &element in &self.set_elements[set] {
                if !covered[element] {
                    covered[element] = true;
                    left -= 1;
                    for &other in &self.element_sets[element] {
                        fresh[other] -= 1;
                    }
                }
            }
            self.work += self.set_elements.len();
        }
        self.best_weight = chosen.iter().map(|&set| self.weights[set]).sum();
        self.best = chosen;
    }

    fn branch(&mut self, chosen: &mut Vec<usize>, weight: u64) {
        self.work += self.element_sets.len();
        if self.work > self.budget {
            return;
        }
        // The uncovered element with the fewest candidate sets.
        let mut pick: Option<usize> = None;
        for element in 0..self.element_sets.len() {
            if self.covered_by[element] > 0 {
                continue;
            }
            if pick.is_none_or(|p| self.element_sets[element].len() < self.element_sets[p].len()) {
                pick = Some(element);
            }
        }
        let Some(element) = pick else {
            if weight < self.best_weight {
                self.best_weight = weight;
                self.best = chosen.clone();
            }
            return;
        };
        if weight + self.lower_bound() >= self.best_weight {
            return;
        }
        for index in 0..self.element_sets[element].len() {
            let set = self.element_sets[element][index];
            let next = weight + self.weights[set];
            if next >= self.best_weight {
                continue;
            }
            for &covered in &self.set_elements[set] {
                self.covered_by[covered] += 1;
            }
            chosen.push(set);
            self.branch(chosen, next);
            chosen.pop();
            for &covered in &self.set_elements[set] {
                self.covered_by[covered] -= 1;
            }
        }
    }

    /// Uncovered elements that pairwise share no candidate each need a set of their own.
    fn lower_bound(&self) -> u64 {
        let mut used = vec![false; self.set_elements.len()];
        let mut independent = 0;
        for element in 0..self.element_sets.len() {
            if self.covered_by[element] > 0 {
                continue;
            }
            let sets = &self.element_sets[element];
            if sets.iter().all(|&set| !used[set]) {
                independent += 1;
                for &set in sets {
                    used[set] = true;
                }
            }
        }
        independent * self.min_weight
    }
}

/// Both slices sorted ascending.
fn is_subset(small: &[usize], large: &[usize]) -> bool {
    let mut large = large.iter();
    small.iter().all(|item| large.any(|other| other == item))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(_: usize) -> u64 {
        1
    }

    #[test]
    fn greedy_trap_is_solved_exactly() {
        // Greedy takes set 9 (covers 4 elements) and then needs two more; the optimum
        // is sets 1 and 2 (3 + 3 elements).
        let elements = vec![vec![9, 1], vec![9, 1], vec![1], vec![9, 2], vec![9, 2], vec![2]];
        let cover = solve(&elements, unit, DEFAULT_NODE_BUDGET);
        assert_eq!(cover.chosen, vec![1, 2]);
        assert!(cover.optimal);
    }

    #[test]
    fn weights_break_ties_between_equal_counts() {
        let elements = vec![vec![5, 6], vec![5, 6]];
        let cover = solve(&elements, |set| if set == 5 { 3 } else { 2 }, DEFAULT_NODE_BUDGET);
        assert_eq!(cover.chosen, vec![6]);
        // Equal weights: the one listed first.
        let cover = solve(&elements, unit, DEFAULT_NODE_BUDGET);
        assert_eq!(cover.chosen, vec![5]);
    }

    #[test]
    fn fewer_sets_beat_lower_weights() {
        // Weight = 1000 per set + privilege: one expensive set beats two cheap ones.
        let elements = vec![vec![1, 3], vec![2, 3]];
        let cover = solve(&elements, |set| 1000 + if set == 3 { 5 } else { 1 }, DEFAULT_NODE_BUDGET);
        assert_eq!(cover.chosen, vec![3]);
    }

    #[test]
    fn uncoverable_elements_are_listed() {
        let elements = vec![vec![1], vec![], vec![2], vec![]];
        let cover = solve(&elements, unit, DEFAULT_NODE_BUDGET);
        assert_eq!(cover.chosen, vec![1, 2]);
        assert_eq!(cover.uncoverable, vec![1, 3]);
    }

    #[test]
    fn budget_exhaustion_is_reported() {
        // Many overlapping elements; a budget of one node cannot prove anything.
        let elements: Vec<Vec<usize>> = (0..30).map(|i| vec![i % 7, (i * 3) % 11 + 7, 20 + i % 5]).collect();
        let cover = solve(&elements, unit, 1);
        assert!(!cover.optimal);
        let covered =
            elements.iter().all(|candidates| candidates.iter().any(|set| cover.chosen.contains(set)));
        assert!(covered, "even an unproven answer covers everything");
    }

    /// Brute force over every subset for small random instances.
    #[test]
    fn matches_brute_force_on_small_instances() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200 {
            let set_count = 2 + (next() % 8) as usize;
            let element_count = 1 + (next() % 10) as usize;
            let weights: Vec<u64> = (0..set_count).map(|_| 10 + next() % 5).collect();
            let elements: Vec<Vec<usize>> = (0..element_count)
                .map(|_| {
                    let mut list: Vec<usize> = (0..set_count).filter(|_| next() % 3 == 0).collect();
                    if list.is_empty() {
                        list.push((next() % set_count as u64) as usize);
                    }
                    list
                })
                .collect();
            let cover = solve(&elements, |set| weights[set], DEFAULT_NODE_BUDGET);
            let cost = |chosen: &[usize]| chosen.iter().map(|&s| weights[s]).sum::<u64>();
            let mut best = u64::MAX;
            for mask in 0u32..(1 << set_count) {
                let covers = elements.iter().all(|list| list.iter().any(|&set| mask & (1 << set) != 0));
                if covers {
                    let chosen: Vec<usize> = (0..set_count).filter(|s| mask & (1 << s) != 0).collect();
                    best = best.min(cost(&chosen));
                }
            }
            assert_eq!(cost(&cover.chosen), best, "{elements:?} {weights:?}");
            assert!(cover.optimal);
        }
    }
}
