//! `meridian daemon --install-unit`: a systemd user unit that runs this daemon at login, for
//! people who work without a Meridian window open.

use meridian::Error;
use std::path::{Path, PathBuf};

/// The unit's file name; `systemctl --user enable --now meridian-daemon` names it.
pub const UNIT_NAME: &str = "meridian-daemon.service";

/// Writes the unit for the running `meridian` executable and says how to turn it on. An
/// existing unit that differs is replaced only with `force`: it may be someone's own edit.
pub fn install(force: bool) -> Result<(), Error> {
    let path = unit_path()?;
    let exe = std::env::current_exe().map_err(|source| Error::Io {
        context: "could not find the path of this meridian executable".into(),
        source,
    })?;
    let profile = std::env::var_os("MERIDIAN_HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
        .map(|home| absolute(&home))
        .transpose()?;
    let unit = unit_text(&exe, profile.as_deref())?;
    match std::fs::read_to_string(&path) {
        Ok(existing) if existing == unit => {
            println!("{} is already installed and up to date.", path.display());
        }
        Ok(_) if !force => {
            return Err(Error::Conflict(format!(
                "{} already exists and differs from the unit this meridian would write; \
                 pass --force to replace it",
                path.display()
            )));
        }
        _ => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                    context: format!("could not create {}", dir.display()),
                    source,
                })?;
            }
            std::fs::write(&path, &unit).map_err(|source| Error::Io {
                context: format!("could not write {}", path.display()),
                source,
            })?;
            println!("Wrote {}", path.display());
        }
    }
    let name = UNIT_NAME.trim_end_matches(".service");
    println!("Start it now and at every login with:");
    println!("  systemctl --user daemon-reload");
    println!("  systemctl --user enable --now {name}");
    Ok(())
}

/// `$XDG_CONFIG_HOME/systemd/user/meridian-daemon.service`, or under `~/.config` when
/// XDG_CONFIG_HOME is unset or relative (the XDG spec says to ignore a relative one).
fn unit_path() -> Result<PathBuf, Error> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|home| home.is_absolute())
                .map(|home| home.join(".config"))
        })
        .ok_or_else(|| {
            Error::Conflict(
                "neither XDG_CONFIG_HOME nor HOME is set to an absolute path, so there is no \
                 place for a systemd user unit"
                    .into(),
            )
        })?;
    Ok(config.join("systemd").join("user").join(UNIT_NAME))
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).map_err(|source| Error::Io {
        context: format!("could not resolve {}", path.display()),
        source,
    })
}

/// The unit: `<exe> daemon`, restarted when it fails, started with the user's session; with
/// the profile in MERIDIAN_HOME when one was chosen, so the unit serves the same profile.
pub fn unit_text(exe: &Path, profile: Option<&Path>) -> Result<String, Error> {
    let mut text = String::from(
        "# Written by `meridian daemon --install-unit`. Delivers Meridian's notifications and\n\
         # syncs with the team server when no Meridian window is open; while the app runs it\n\
         # delivers instead, and this daemon stands by.\n\
         [Unit]\n\
         Description=Meridian notifications and sync without a window\n\
         After=graphical-session.target\n\
         \n\
         [Service]\n",
    );
    text.push_str(&format!("ExecStart={} daemon\n", quoted(exe, true)?));
    if let Some(profile) = profile {
        let setting = format!("MERIDIAN_HOME={}", profile.display());
        text.push_str(&format!(
            "Environment={}\n",
            quoted(Path::new(&setting), false)?
        ));
    }
    text.push_str(
        "Restart=on-failure\n\
         RestartSec=5\n\
         \n\
         [Install]\n\
         WantedBy=default.target\n",
    );
    Ok(text)
}

/// One argument of a unit file setting, in double quotes so that spaces stay in it, with
/// systemd's specifiers (`%`) and, on command lines, its variable expansion (`$`) escaped.
fn quoted(value: &Path, command_line: bool) -> Result<String, Error> {
    let text = value.to_str().ok_or_else(|| {
        Error::Conflict(format!(
            "{} is not valid UTF-8, which a systemd unit cannot hold",
            value.display()
        ))
    })?;
    if text.chars().any(char::is_control) {
        return Err(Error::Conflict(format!(
            "{text:?} holds a control character, which a systemd unit cannot hold"
        )));
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '%' => out.push_str("%%"),
            '$' if command_line => out.push_str("$$"),
            _ => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_and_escaped_for_systemd() {
        let unit = unit_text(
            Path::new("/opt/My Apps/100% $HOME/meridian"),
            Some(Path::new("/srv/a \"b\"/%h")),
        )
        .expect("unit");
        assert!(
            unit.contains("ExecStart=\"/opt/My Apps/100%% $$HOME/meridian\" daemon\n"),
            "{unit}"
        );
        assert!(
            unit.contains("Environment=\"MERIDIAN_HOME=/srv/a \\\"b\\\"/%%h\"\n"),
            "{unit}"
        );
        assert!(unit_text(Path::new("/tmp/a\nb"), None).is_err());
    }
}
