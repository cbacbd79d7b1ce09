from tests.support.tiny.main import main

main()
