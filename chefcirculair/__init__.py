"""Organisation core: organisations, departments, memberships, roles, categories, the Menu, login, scoping, backups."""
