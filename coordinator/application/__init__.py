"""Write flows shared by the command line and the app: each takes the store (and the
moment it is, passed in) and makes one change a coordinator asks for, all or nothing."""
