from advisor_tui.cli import main

main()
