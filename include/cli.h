/* cli.h - the command line: global options and subcommands. */
#ifndef PUNDIT_CLI_H
#define PUNDIT_CLI_H

/* Exit statuses every command follows. */
#define CLI_OK		0	/* success */
#define CLI_FAILURE	1	/* a runtime failure */
#define CLI_USAGE	2	/* a usage error */

/* Run pundit with argv as given to main; returns the exit status. */
int	cli_main(int argc, char **argv);

#endif
