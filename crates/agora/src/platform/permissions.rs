//! The one permission function: "may this person do this action on this thing?"
//!
//! Every handler asks [`permits`]; nothing else decides access. It is a pure function of
//! plain facts (who the actor is, what the space is), so it is tested as a table below.

use serde::{Deserialize, Serialize};

/// A role in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Admin,
    Member,
}

/// A role inside one space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceRole {
    Admin,
    Moderator,
    Collaborator,
    Evaluator,
    Member,
}

/// Who may see and who may take part in a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone sees; anyone signed in takes part.
    Public,
    /// Anyone sees; only members take part.
    MembersParticipate,
    /// Only members of the organisation or the space see and take part.
    Private,
    /// Only the space's own members (by invitation) see it; it is never listed to others.
    Secret,
}

macro_rules! text_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The stored (and URL/API) form.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
            /// Parses the stored form.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}
text_enum!(OrgRole { Admin => "admin", Member => "member" });
text_enum!(SpaceRole {
    Admin => "admin", Moderator => "moderator", Collaborator => "collaborator",
    Evaluator => "evaluator", Member => "member",
});
text_enum!(Visibility {
    Public => "public", MembersParticipate => "members_participate",
    Private => "private", Secret => "secret",
});

/// The person asking, reduced to what permissions depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub signed_in: bool,
    pub instance_admin: bool,
    pub blocked: bool,
    pub org_role: Option<OrgRole>,
    pub space_role: Option<SpaceRole>,
    /// Invited as a guest to the one thread or poll this actor was built for (see
    /// `platform::groups::guests`): sees and takes part in that item only. Never set for lists.
    pub guest: bool,
}

impl Actor {
    /// Someone who is not signed in.
    pub const ANONYMOUS: Actor = Actor {
        signed_in: false,
        instance_admin: false,
        blocked: false,
        org_role: None,
        space_role: None,
        guest: false,
    };
}

/// The space an action applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpaceFacts {
    pub visibility: Visibility,
    pub published: bool,
    /// Set when the space is used as a group.
    pub group: Option<GroupFacts>,
}

/// What plain members of a group may do; admins always may. The defaults are Loomio's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupFlags {
    pub start_threads: bool,
    pub create_polls: bool,
    pub add_members: bool,
    pub invite_guests: bool,
    /// Edit the context text of the threads (and the details of the polls) they started.
    pub edit_context: bool,
    pub create_subgroups: bool,
    /// Edit other people's comments (thread replies included). Off by default, as in Loomio.
    pub edit_comments: bool,
}

impl Default for GroupFlags {
    fn default() -> Self {
        GroupFlags {
            start_threads: true,
            create_polls: true,
            add_members: true,
            invite_guests: true,
            edit_context: true,
            create_subgroups: false,
            edit_comments: false,
        }
    }
}

/// A space used as a group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupFacts {
    /// A subgroup's parent group (subgroups cannot have subgroups).
    pub parent: Option<i64>,
    /// Closed group: people ask to join. Open group: they join.
    pub join_by_request: bool,
    pub flags: GroupFlags,
}

/// Everything a person may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run the instance: create organisations (only instance administrators).
    AdminInstance,
    /// Edit the organisation, invite members, change roles, remove members, create spaces.
    AdminOrganization,
    /// See the space's pages (and its components).
    ViewSpace,
    /// See the space in the organisation's list of spaces.
    ListSpace,
    /// Take part: create, support, vote, comment (components may ask more, e.g. a verification).
    Participate,
    /// Hide, unhide, block, handle reports.
    Moderate,
    /// Answer proposals, evaluate projects.
    Evaluate,
    /// Edit the space, its phases and its components; publish or unpublish it.
    AdminSpace,
    /// Start a thread (a group flag; elsewhere: taking part).
    StartThread,
    /// Create a poll, "raise a motion" (a group flag; elsewhere: taking part).
    CreatePoll,
    /// Edit the context of one's own thread or poll (a group flag; elsewhere: taking part).
    EditOwnContext,
    /// Add people of the organisation to the group (a group flag; elsewhere: space admins).
    AddMembers,
    /// Invite a guest to one thread or poll (a group flag; elsewhere: space admins).
    InviteGuests,
    /// Create a subgroup (groups only, one level; a group flag).
    CreateSubgroup,
    /// Edit someone else's comment (groups only: admins and moderators, and members when the
    /// group's flag allows; outside groups only the author edits a comment).
    EditOthersComments,
    /// Join an open group, or ask to join a closed one (organisation members who are not yet
    /// in the group).
    JoinGroup,
}

/// May `actor` do `action` (on `space`, for space actions)?
pub fn permits(actor: &Actor, action: Action, space: Option<&SpaceFacts>) -> bool {
    if actor.instance_admin && !actor.blocked {
        return true;
    }
    let org_admin = actor.org_role == Some(OrgRole::Admin) && !actor.blocked;
    let org_member = actor.org_role.is_some();
    let role = actor.space_role;
    let space_admin = org_admin || role == Some(SpaceRole::Admin);
    // Staff of a space may see it before it is published, to prepare it.
    let space_staff = space_admin
        || matches!(
            role,
            Some(SpaceRole::Moderator | SpaceRole::Collaborator | SpaceRole::Evaluator)
        );

    let sees = |space: &SpaceFacts| -> bool {
        if !space.published {
            return space_staff;
        }
        // A guest's actor is built for the one item they were invited to.
        if actor.guest {
            return true;
        }
        match space.visibility {
            Visibility::Public | Visibility::MembersParticipate => true,
            Visibility::Private => org_member || role.is_some(),
            Visibility::Secret => org_admin || role.is_some(),
        }
    };
    // In a group, taking part means being one of its members (joining an open group is one
    // click): organisation membership is not enough.
    let takes_part = |s: &SpaceFacts| -> bool {
        actor.signed_in
            && !actor.blocked
            && s.published
            && sees(s)
            && (actor.guest
                || match s.group {
                    Some(_) => role.is_some() || org_admin,
                    None => match s.visibility {
                        Visibility::Public => true,
                        Visibility::MembersParticipate | Visibility::Private => {
                            org_member || role.is_some()
                        }
                        Visibility::Secret => role.is_some() || org_admin,
                    },
                })
    };

    match action {
        // Instance administrators were answered above.
        Action::AdminInstance => false,
        Action::AdminOrganization => org_admin,
        Action::ViewSpace | Action::ListSpace => space.is_some_and(sees),
        Action::Participate => space.is_some_and(takes_part),
        Action::Moderate => {
            space.is_some_and(sees)
                && (space_admin || role == Some(SpaceRole::Moderator))
                && !actor.blocked
        }
        Action::Evaluate => {
            space.is_some_and(sees)
                && (space_admin || role == Some(SpaceRole::Evaluator))
                && !actor.blocked
        }
        Action::AdminSpace => space.is_some() && space_admin && !actor.blocked,
        Action::StartThread | Action::CreatePoll | Action::EditOwnContext => {
            space.is_some_and(|s| {
                takes_part(s)
                    && match s.group {
                        None => true,
                        // A guest takes part in their one item only: never starts anything.
                        Some(_) if actor.guest && role.is_none() && !org_admin => false,
                        Some(g) => {
                            space_admin
                                || match action {
                                    Action::StartThread => g.flags.start_threads,
                                    Action::CreatePoll => g.flags.create_polls,
                                    _ => g.flags.edit_context,
                                }
                        }
                    }
            })
        }
        Action::AddMembers | Action::InviteGuests | Action::CreateSubgroup => {
            space.is_some_and(|s| {
                !actor.blocked
                    && !actor.guest
                    && s.published
                    && sees(s)
                    && match s.group {
                        None => action != Action::CreateSubgroup && space_admin,
                        // One level of subgroups only.
                        Some(g) if action == Action::CreateSubgroup && g.parent.is_some() => false,
                        Some(g) => {
                            space_admin
                                || (role.is_some()
                                    && match action {
                                        Action::AddMembers => g.flags.add_members,
                                        Action::InviteGuests => g.flags.invite_guests,
                                        _ => g.flags.create_subgroups,
                                    })
                        }
                    }
            })
        }
        Action::EditOthersComments => space.is_some_and(|s| {
            takes_part(s)
                && match s.group {
                    None => false,
                    Some(g) => {
                        space_admin
                            || role == Some(SpaceRole::Moderator)
                            // A guest has no role: never.
                            || (role.is_some() && g.flags.edit_comments)
                    }
                }
        }),
        Action::JoinGroup => space.is_some_and(|s| {
            actor.signed_in
                && !actor.blocked
                && !actor.guest
                && s.published
                && s.group.is_some()
                && role.is_none()
                && org_member
                && s.visibility != Visibility::Secret
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Visibility::*;

    fn who(name: &str) -> Actor {
        let signed = Actor {
            signed_in: true,
            ..Actor::ANONYMOUS
        };
        match name {
            "anonymous" => Actor::ANONYMOUS,
            "outsider" => signed,
            "blocked-member" => Actor {
                blocked: true,
                org_role: Some(OrgRole::Member),
                ..signed
            },
            "org-member" => Actor {
                org_role: Some(OrgRole::Member),
                ..signed
            },
            "org-admin" => Actor {
                org_role: Some(OrgRole::Admin),
                ..signed
            },
            "space-member" => Actor {
                space_role: Some(SpaceRole::Member),
                ..signed
            },
            "moderator" => Actor {
                space_role: Some(SpaceRole::Moderator),
                ..signed
            },
            "evaluator" => Actor {
                space_role: Some(SpaceRole::Evaluator),
                ..signed
            },
            "space-admin" => Actor {
                space_role: Some(SpaceRole::Admin),
                ..signed
            },
            "instance-admin" => Actor {
                instance_admin: true,
                ..signed
            },
            other => panic!("unknown actor {other}"),
        }
    }

    /// One row per (actor, visibility): the expected answer for each action, in the order
    /// View, List, Participate, Moderate, Evaluate, AdminSpace, AdminOrganization.
    #[rustfmt::skip]
    const TABLE: &[(&str, Visibility, [u8; 7])] = &[
        ("anonymous",      Public,             [1, 1, 0, 0, 0, 0, 0]),
        ("anonymous",      MembersParticipate, [1, 1, 0, 0, 0, 0, 0]),
        ("anonymous",      Private,            [0, 0, 0, 0, 0, 0, 0]),
        ("anonymous",      Secret,             [0, 0, 0, 0, 0, 0, 0]),
        ("outsider",       Public,             [1, 1, 1, 0, 0, 0, 0]),
        ("outsider",       MembersParticipate, [1, 1, 0, 0, 0, 0, 0]),
        ("outsider",       Private,            [0, 0, 0, 0, 0, 0, 0]),
        ("outsider",       Secret,             [0, 0, 0, 0, 0, 0, 0]),
        ("blocked-member", Public,             [1, 1, 0, 0, 0, 0, 0]),
        ("blocked-member", Private,            [1, 1, 0, 0, 0, 0, 0]),
        ("org-member",     Public,             [1, 1, 1, 0, 0, 0, 0]),
        ("org-member",     MembersParticipate, [1, 1, 1, 0, 0, 0, 0]),
        ("org-member",     Private,            [1, 1, 1, 0, 0, 0, 0]),
        ("org-member",     Secret,             [0, 0, 0, 0, 0, 0, 0]),
        ("space-member",   MembersParticipate, [1, 1, 1, 0, 0, 0, 0]),
        ("space-member",   Private,            [1, 1, 1, 0, 0, 0, 0]),
        ("space-member",   Secret,             [1, 1, 1, 0, 0, 0, 0]),
        ("moderator",      Public,             [1, 1, 1, 1, 0, 0, 0]),
        ("moderator",      Secret,             [1, 1, 1, 1, 0, 0, 0]),
        ("evaluator",      Private,            [1, 1, 1, 0, 1, 0, 0]),
        ("space-admin",    Private,            [1, 1, 1, 1, 1, 1, 0]),
        ("space-admin",    Secret,             [1, 1, 1, 1, 1, 1, 0]),
        ("org-admin",      Public,             [1, 1, 1, 1, 1, 1, 1]),
        ("org-admin",      Secret,             [1, 1, 1, 1, 1, 1, 1]),
        ("instance-admin", Secret,             [1, 1, 1, 1, 1, 1, 1]),
    ];
    const ACTIONS: [Action; 7] = [
        ViewSpace,
        ListSpace,
        Participate,
        Moderate,
        Evaluate,
        AdminSpace,
        AdminOrganization,
    ];

    #[test]
    fn role_action_visibility_table() {
        for (name, visibility, expected) in TABLE {
            let space = SpaceFacts {
                visibility: *visibility,
                published: true,
                group: None,
            };
            for (action, want) in ACTIONS.iter().zip(expected) {
                assert_eq!(
                    permits(&who(name), *action, Some(&space)),
                    *want == 1,
                    "{name} / {visibility:?} / {action:?}"
                );
            }
        }
    }

    #[test]
    fn unpublished_spaces_are_seen_only_by_their_staff() {
        let draft = SpaceFacts {
            visibility: Public,
            published: false,
            group: None,
        };
        for (name, sees) in [
            ("anonymous", false),
            ("org-member", false),
            ("space-member", false),
            ("moderator", true),
            ("space-admin", true),
            ("org-admin", true),
        ] {
            assert_eq!(permits(&who(name), ViewSpace, Some(&draft)), sees, "{name}");
            assert!(!permits(&who(name), Participate, Some(&draft)) || name == "org-admin");
        }
    }

    #[test]
    fn space_actions_need_a_space() {
        assert!(!permits(&who("space-admin"), ViewSpace, None));
        assert!(!permits(&who("org-member"), Participate, None));
    }

    fn group(flags: GroupFlags, parent: Option<i64>) -> SpaceFacts {
        SpaceFacts {
            visibility: Private,
            published: true,
            group: Some(GroupFacts {
                parent,
                join_by_request: false,
                flags,
            }),
        }
    }

    #[test]
    fn in_a_group_organisation_members_see_but_only_group_members_take_part() {
        let g = group(GroupFlags::default(), None);
        assert!(permits(&who("org-member"), ViewSpace, Some(&g)));
        assert!(!permits(&who("org-member"), Participate, Some(&g)));
        assert!(!permits(&who("org-member"), StartThread, Some(&g)));
        assert!(permits(&who("org-member"), JoinGroup, Some(&g)));
        assert!(permits(&who("space-member"), Participate, Some(&g)));
        assert!(!permits(&who("space-member"), JoinGroup, Some(&g)));
        assert!(!permits(&who("outsider"), JoinGroup, Some(&g)));
        let secret = SpaceFacts {
            visibility: Secret,
            ..g
        };
        assert!(!permits(&who("org-member"), ViewSpace, Some(&secret)));
        assert!(!permits(&who("org-member"), JoinGroup, Some(&secret)));
    }

    #[test]
    fn group_flags_bind_members_not_admins() {
        let off = GroupFlags {
            start_threads: false,
            create_polls: false,
            add_members: false,
            invite_guests: false,
            edit_context: false,
            create_subgroups: false,
            edit_comments: false,
        };
        let on = GroupFlags {
            create_subgroups: true,
            edit_comments: true,
            ..GroupFlags::default()
        };
        assert!(
            !GroupFlags::default().edit_comments,
            "off by default, as in Loomio"
        );
        for action in [
            StartThread,
            CreatePoll,
            EditOwnContext,
            AddMembers,
            InviteGuests,
            CreateSubgroup,
            EditOthersComments,
        ] {
            assert!(
                !permits(&who("space-member"), action, Some(&group(off, None))),
                "{action:?}"
            );
            assert!(
                permits(&who("space-member"), action, Some(&group(on, None))),
                "{action:?}"
            );
            assert!(
                permits(&who("space-admin"), action, Some(&group(off, None))),
                "{action:?}"
            );
            assert!(
                permits(&who("org-admin"), action, Some(&group(off, None))),
                "{action:?}"
            );
        }
        // Moderators edit others' comments whatever the flag; organisation members outside
        // the group never do.
        assert!(permits(
            &who("moderator"),
            EditOthersComments,
            Some(&group(off, None))
        ));
        assert!(!permits(
            &who("org-member"),
            EditOthersComments,
            Some(&group(on, None))
        ));
        // One level of subgroups: not even an admin creates a subgroup's subgroup.
        assert!(!permits(
            &who("space-admin"),
            CreateSubgroup,
            Some(&group(on, Some(1)))
        ));
        assert!(!permits(
            &who("org-admin"),
            CreateSubgroup,
            Some(&group(on, Some(1)))
        ));
    }

    #[test]
    fn a_guest_takes_part_in_their_item_but_starts_nothing() {
        let secret = SpaceFacts {
            visibility: Secret,
            ..group(GroupFlags::default(), None)
        };
        let guest = Actor {
            guest: true,
            ..who("outsider")
        };
        assert!(permits(&guest, ViewSpace, Some(&secret)));
        assert!(permits(&guest, Participate, Some(&secret)));
        for action in [
            StartThread,
            CreatePoll,
            AddMembers,
            InviteGuests,
            CreateSubgroup,
            JoinGroup,
            EditOthersComments,
        ] {
            assert!(!permits(&guest, action, Some(&secret)), "{action:?}");
        }
        let blocked = Actor {
            blocked: true,
            ..guest
        };
        assert!(!permits(&blocked, Participate, Some(&secret)));
    }

    #[test]
    fn outside_groups_the_new_actions_follow_the_old_rules() {
        let public = SpaceFacts {
            visibility: MembersParticipate,
            published: true,
            group: None,
        };
        assert!(permits(&who("org-member"), StartThread, Some(&public)));
        assert!(!permits(&who("outsider"), CreatePoll, Some(&public)));
        assert!(!permits(&who("org-member"), InviteGuests, Some(&public)));
        assert!(permits(&who("space-admin"), InviteGuests, Some(&public)));
        assert!(!permits(&who("space-admin"), CreateSubgroup, Some(&public)));
        assert!(!permits(&who("org-member"), JoinGroup, Some(&public)));
        // Outside groups, only the author edits a comment.
        assert!(!permits(
            &who("space-admin"),
            EditOthersComments,
            Some(&public)
        ));
    }

    #[test]
    fn stored_forms_round_trip() {
        for v in [Public, MembersParticipate, Private, Secret] {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        assert_eq!(SpaceRole::parse("evaluator"), Some(SpaceRole::Evaluator));
        assert_eq!(OrgRole::parse("owner"), None);
    }

    #[test]
    fn only_instance_admins_run_the_instance() {
        for name in [
            "anonymous",
            "outsider",
            "org-member",
            "org-admin",
            "space-admin",
        ] {
            assert!(!permits(&who(name), AdminInstance, None), "{name}");
        }
        assert!(permits(&who("instance-admin"), AdminInstance, None));
        let blocked = Actor {
            blocked: true,
            ..who("instance-admin")
        };
        assert!(!permits(&blocked, AdminInstance, None));
    }
}
