import Foundation
import OpOpTopApp

exit(runOpOpTop(arguments: Array(CommandLine.arguments.dropFirst())))
