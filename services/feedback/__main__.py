from services.feedback.main import main

main()
