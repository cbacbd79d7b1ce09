from services.supervision.main import main

main()
