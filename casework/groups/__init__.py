"""Group complaints (共同投诉): several consumers, one dispute, one business (办法 Art. 12).

:mod:`.model` reads a group live from its member cases; :mod:`.changes` makes and changes one.
"""

from .changes import (
    add_member,
    create_group,
    leave_group,
    same_merchant,
    set_representatives,
)
from .model import (
    MAX_REPRESENTATIVES,
    MIN_MEMBERS,
    Group,
    Member,
    Membership,
    basis,
    candidates,
    get_group,
    is_group,
    letter,
    list_groups,
    membership,
)

__all__ = [
    "MAX_REPRESENTATIVES",
    "MIN_MEMBERS",
    "Group",
    "Member",
    "Membership",
    "add_member",
    "basis",
    "candidates",
    "create_group",
    "get_group",
    "is_group",
    "leave_group",
    "letter",
    "list_groups",
    "membership",
    "same_merchant",
    "set_representatives",
]
