//! The blocked-by graph as pure functions: which tasks are blocked by open blockers, and the
//! path that a new relation would close into a cycle.

use std::collections::{HashMap, HashSet, VecDeque};

/// The chain of waits from `from` to `to` along `waits_on` (task → the tasks it waits on),
/// both ends included, if there is one. Breadth first, so the chain shown is a shortest one.
pub fn wait_path(
    waits_on: &HashMap<String, Vec<String>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    if from == to {
        return Some(vec![from.to_owned()]);
    }
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut seen: HashSet<&str> = HashSet::from([from]);
    let mut queue: VecDeque<&str> = VecDeque::from([from]);
    while let Some(task) = queue.pop_front() {
        for next in waits_on.get(task).into_iter().flatten() {
            if !seen.insert(next.as_str()) {
                continue;
            }
            came_from.insert(next.as_str(), task);
            if next == to {
                let mut path = vec![to.to_owned()];
                let mut at = to;
                while let Some(&previous) = came_from.get(at) {
                    path.push(previous.to_owned());
                    at = previous;
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(next.as_str());
        }
    }
    None
}

/// Whether making `task` wait on `blocker` would close a cycle: the chain
/// task → blocker → … → task, or `None` when it is safe.
pub fn cycle_if_added(
    waits_on: &HashMap<String, Vec<String>>,
    task: &str,
    blocker: &str,
) -> Option<Vec<String>> {
    let mut path = wait_path(waits_on, blocker, task)?;
    path.insert(0, task.to_owned());
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(pairs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (task, blocker) in pairs {
            map.entry((*task).to_owned())
                .or_default()
                .push((*blocker).to_owned());
        }
        map
    }

    #[test]
    fn a_relation_back_to_the_start_is_a_cycle() {
        let graph = edges(&[("b", "c"), ("c", "a")]);
        assert_eq!(
            cycle_if_added(&graph, "a", "b"),
            Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
        );
        assert_eq!(cycle_if_added(&graph, "d", "b"), None);
    }

    #[test]
    fn a_task_waiting_on_itself_is_a_cycle_of_one() {
        assert_eq!(
            cycle_if_added(&HashMap::new(), "a", "a"),
            Some(vec!["a".into(), "a".into()])
        );
    }
}
